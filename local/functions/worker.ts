import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { shiftDate } from '../clock.ts';
import { lambdaContext } from './context.ts';

/**
 * One local Lambda instance: imports the handler module once (its cold start, with its own process.env) and then
 * takes one invocation at a time, as a Lambda execution environment does.
 */
interface Invocation {
  id: number;
  event: unknown;
  requestId: string;
  deadline: number;
}

const { entry, functionName, memoryMb, clock } = workerData as {
  entry: string;
  functionName: string;
  memoryMb: number;
  clock?: SharedArrayBuffer;
};
const port = parentPort;
if (port === null) throw new Error('worker.ts runs as a worker thread');
// The runtime's clock, before the handler's module is imported (and captures Date).
if (clock !== undefined) shiftDate(clock);

const module = (await import(pathToFileURL(entry).href)) as {
  handler?: (event: unknown, context: unknown) => Promise<unknown>;
};
const handler = module.handler;
if (typeof handler !== 'function') throw new Error(`${entry} does not export a handler function`);
port.postMessage({ ready: true });

port.on('message', async ({ id, event, requestId, deadline }: Invocation) => {
  const context = lambdaContext({ functionName, memoryMb, requestId, deadline });
  try {
    const result = await handler(event, context);
    port.postMessage({ id, result });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ id, error: { name: err.name, message: err.message, stack: err.stack } });
  }
});
