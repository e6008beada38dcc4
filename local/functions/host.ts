import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export class FunctionError extends Error {
  override readonly name = 'FunctionError';
}

interface Instance {
  worker: Worker;
  busy: boolean;
  ready: Promise<void>;
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * A local function: up to `concurrency` instances (worker threads), each with the function's own environment,
 * started on demand and reused. An instance whose handler times out is replaced, as Lambda does.
 */
export class LocalFunction {
  readonly name: string;
  private readonly options: {
    entry: string;
    env: Record<string, string>;
    timeoutSeconds: number;
    memoryMb: number;
    concurrency: number;
    /** Each line the function prints (its logs and EMF metrics), as CloudWatch Logs would receive it. */
    onOutput: (line: string) => void;
    /** The runtime's clock (`LocalClock.shared`), which the function's `Date` reads. */
    clock?: SharedArrayBuffer | undefined;
  };
  private readonly instances: Instance[] = [];
  private readonly waiting: ((instance: Instance) => void)[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    name: string,
    options: {
      entry: string;
      env: Record<string, string>;
      timeoutSeconds: number;
      memoryMb: number;
      concurrency: number;
      onOutput: (line: string) => void;
      clock?: SharedArrayBuffer | undefined;
    },
  ) {
    this.name = name;
    this.options = options;
  }

  async invoke(event: unknown): Promise<unknown> {
    const instance = await this.acquire();
    try {
      await instance.ready;
      return await this.run(instance, event);
    } finally {
      this.release(instance);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.instances.map((instance) => instance.worker.terminate()));
  }

  private run(instance: Instance, event: unknown): Promise<unknown> {
    const id = this.nextId++;
    const timeoutMs = this.options.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.replace(instance);
        reject(new FunctionError(`${this.name} timed out after ${this.options.timeoutSeconds} s`));
      }, timeoutMs);
      const onMessage = (message: { id?: number; result?: unknown; error?: { name: string; message: string } }) => {
        if (message.id !== id) return;
        cleanup();
        if (message.error) reject(new FunctionError(`${message.error.name}: ${message.error.message}`));
        else resolve(message.result);
      };
      const onExit = (code: number) => {
        cleanup();
        this.replace(instance);
        reject(new FunctionError(`${this.name} exited with code ${code}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        instance.worker.off('message', onMessage);
        instance.worker.off('exit', onExit);
      };
      instance.worker.on('message', onMessage);
      instance.worker.on('exit', onExit);
      instance.worker.postMessage({ id, event, requestId: randomUUID(), deadline: Date.now() + timeoutMs });
    });
  }

  private spawn(): Instance {
    const worker = new Worker(WORKER, {
      env: this.options.env,
      workerData: {
        entry: this.options.entry,
        functionName: this.name,
        memoryMb: this.options.memoryMb,
        clock: this.options.clock,
      },
      stdout: true,
    });
    createInterface({ input: worker.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on('line', this.options.onOutput);
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', (error) => reject(new FunctionError(`${this.name} failed to initialise: ${error.message}`)));
    });
    ready.catch(() => undefined);
    const instance = { worker, busy: false, ready };
    this.instances.push(instance);
    return instance;
  }

  private replace(instance: Instance): void {
    const index = this.instances.indexOf(instance);
    if (index >= 0) this.instances.splice(index, 1);
    void instance.worker.terminate();
  }

  private acquire(): Promise<Instance> {
    if (this.closed) return Promise.reject(new FunctionError(`${this.name} is shut down`));
    const idle = this.instances.find((instance) => !instance.busy);
    const instance = idle ?? (this.instances.length < this.options.concurrency ? this.spawn() : undefined);
    if (instance) {
      instance.busy = true;
      return Promise.resolve(instance);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(instance: Instance): void {
    const next = this.waiting.shift();
    if (next === undefined) {
      instance.busy = false;
      return;
    }
    // A replaced (timed-out) instance is not handed on; the waiter gets a fresh one.
    next(this.instances.includes(instance) ? instance : this.spawnBusy());
  }

  private spawnBusy(): Instance {
    const instance = this.spawn();
    instance.busy = true;
    return instance;
  }
}
