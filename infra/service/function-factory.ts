import { Validations } from 'aws-cdk-lib';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Binding } from '../../shared/topology/wiring.ts';
import { CloseloopFunction } from '../constructs/closeloop-function.ts';
import type { ServiceContext } from './context.ts';

export type FunctionOf = ReturnType<typeof functionFactory>;

/** Makes a function of the wiring, with its bindings, and the dead-letter queue it writes reasons to, when it has one. */
export function functionFactory(context: ServiceContext, bindings: Record<Binding, (fn: CloseloopFunction) => void>) {
  const { stack, props, logRetention } = context;
  return (
    definition: {
      id: string;
      entry: string;
      description: string;
      bindings: readonly Binding[];
      timeoutSeconds: number;
      memoryMb: number;
    },
    deadLetterQueue?: Queue,
    environment: Record<string, string> = {},
    /**
     * How it is invoked: `sync` by API Gateway or an SQS event source mapping (a failure goes back to the caller
     * or the queue, never to a Lambda DLQ); `async` by EventBridge or SES, whose failed retries land in
     * `deadLetterQueue` as the function's own DLQ.
     */
    invocation: 'sync' | 'async' = 'sync',
  ) => {
    const fn = new CloseloopFunction(stack, definition.id, {
      entry: definition.entry,
      description: definition.description,
      timeoutSeconds: definition.timeoutSeconds,
      memoryMb: definition.memoryMb,
      configFile: props.configFile,
      tracing: props.config.operations.tracing,
      logRetention,
      environment,
      ...(invocation === 'async' ? { asyncDeadLetterQueue: deadLetterQueue } : {}),
    });
    deadLetterQueue?.grantSendMessages(fn.role);
    if (invocation === 'sync')
      Validations.of(fn).acknowledge(
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'Invoked synchronously (API Gateway, or an SQS event source mapping): a Lambda DLQ only takes failed asynchronous invocations. HTTP failures go back to the caller; queue failures stay on the queue, whose redrive policy (and the handler, with a reason) dead-letters them.',
        },
        {
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            'An SQS event source keeps a failed message on its queue; the queue redrive policy moves it to the dead-letter queue after maxReceiveCount, and the handler dead-letters it with its reason on the last delivery. On-failure destinations are for stream sources.',
        },
      );
    for (const binding of definition.bindings) bindings[binding](fn);
    return fn;
  };
}
