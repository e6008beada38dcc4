import { Duration } from 'aws-cdk-lib';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { INVOCATION_ENV } from '../../shared/topology/wiring.ts';
import type { CloseloopFunction } from '../constructs/closeloop-function.ts';
import { deadLetterQueueOf, type ServiceContext } from './context.ts';
import type { FunctionOf } from './function-factory.ts';

export type ConsumerQueues = Map<string, { queue: Queue; deadLetterQueue: Queue }>;

/** Every consumer's queue and dead-letter queue, made first: a binding (sendQueue) can name another consumer's queue. */
export function consumerQueues(context: ServiceContext): ConsumerQueues {
  const queues: ConsumerQueues = new Map();
  for (const consumer of context.props.wiring.consumers) {
    const deadLetterQueue = deadLetterQueueOf(context, consumer.id, `the ${consumer.id} queue and its function`);
    const queue = new Queue(context.stack, `${consumer.id}Queue`, {
      visibilityTimeout: Duration.seconds(consumer.queue.visibilityTimeoutSeconds),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: consumer.queue.maxReceiveCount },
    });
    queues.set(consumer.id, { queue, deadLetterQueue });
  }
  return queues;
}

/**
 * The buses rules listen on besides closeloop's own: the account's default bus, where AWS services publish (SES's
 * bounce, complaint and delivery events can only go there), and Shopify's partner bus once its app created the
 * event source (the bus takes the source's name).
 */
function otherBuses({ stack, props }: ServiceContext) {
  const defaultBus = EventBus.fromEventBusName(stack, 'DefaultBus', 'default');
  const shopify = props.config.sources.shopify;
  const shopifyBus =
    shopify === undefined
      ? undefined
      : new EventBus(stack, 'ShopifyBus', {
          eventSourceName: shopify.eventSourceName,
          description: 'Shopify webhooks (partner event source), read by the ShopifyEvents connector',
        });
  return { defaultBus, shopifyBus };
}

/** Each consumer of the wiring: its rule (on the bus it names) into its queue, and its function reading the queue. */
export function queueConsumers(context: ServiceContext, queues: ConsumerQueues, functionOf: FunctionOf): void {
  const { defaultBus, shopifyBus } = otherBuses(context);
  for (const consumer of context.props.wiring.consumers) {
    const { queue, deadLetterQueue } = queues.get(consumer.id) as { queue: Queue; deadLetterQueue: Queue };
    const eventBus =
      consumer.rule?.bus === 'default'
        ? defaultBus
        : consumer.rule?.bus === 'shopify'
          ? shopifyBus
          : context.props.data.bus;
    if (consumer.rule && eventBus !== undefined) {
      new Rule(context.stack, `${consumer.id}Rule`, {
        eventBus,
        description: consumer.rule.description,
        eventPattern: consumer.rule.pattern,
        // An event the queue refuses for a day ends in the consumer's dead letters, never nowhere.
        targets: [new SqsQueue(queue, { deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
      });
    }
    const fn = functionOf(consumer, deadLetterQueue, {
      [INVOCATION_ENV.deadLetterQueue]: deadLetterQueue.queueUrl,
      [INVOCATION_ENV.maxReceiveCount]: String(consumer.queue.maxReceiveCount),
    });
    fn.fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: consumer.queue.batchSize,
        maxConcurrency: consumer.queue.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }
}

/**
 * Each scheduled function, on a rate rule. A missed run is harmless (the next one sweeps everything due by then); a
 * failing one is retried twice and then kept with its reason in the dead letters. Returns each with its period.
 */
export function scheduledFunctions(context: ServiceContext, functionOf: FunctionOf): [CloseloopFunction, number][] {
  return context.props.wiring.schedules.map((scheduled) => {
    const deadLetterQueue = deadLetterQueueOf(context, scheduled.id, 'the schedule rule target and the function');
    // Invoked asynchronously: a run that fails its two retries lands in the same dead letters.
    const fn = functionOf(scheduled, deadLetterQueue, {}, 'async');
    new Rule(context.stack, `${scheduled.id}Schedule`, {
      description: scheduled.description,
      schedule: Schedule.rate(Duration.minutes(scheduled.everyMinutes)),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue })],
    });
    return [fn, scheduled.everyMinutes];
  });
}
