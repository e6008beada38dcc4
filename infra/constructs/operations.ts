import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { type CfnQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { CloseloopFunction } from './closeloop-function.ts';

/** How old the oldest message of a working queue may get before surveys count as not going out. */
export const QUEUE_BACKLOG_SECONDS = 30 * 60;
/** SES reviews an account at a 5 % bounce or 0.1 % complaint rate (and may pause it at 10 % / 0.5 %): warn there. */
export const SES_BOUNCE_RATE_ALARM = 0.05;
export const SES_COMPLAINT_RATE_ALARM = 0.001;

/** What `watchAll` found and watches: the dashboard draws the same. */
export interface Watched {
  functions: CloseloopFunction[];
  queues: Queue[];
  deadLetterQueues: Queue[];
}

/**
 * closeloop's alarms, each to one SNS topic (and so to `operations.alarmEmail` and the chat). `watchAll` finds
 * what to watch by walking the stack: every queue without a redrive policy is a dead-letter queue (cdk-nag's
 * Serverless pack refuses any other queue without one), every other queue a working queue, every CloseloopFunction
 * a function; so a queue or function added to the wiring has its alarms without anyone remembering.
 */
export class Operations extends Construct {
  readonly alarms: Alarm[] = [];
  private readonly topic: ITopic;

  constructor(scope: Construct, id: string, props: { topic: ITopic }) {
    super(scope, id);
    this.topic = props.topic;
  }

  /** Alarms on every dead-letter queue, working queue and function in `scope`. */
  watchAll(scope: IConstruct): Watched {
    const everything = scope.node.findAll();
    const queues = everything.filter((c): c is Queue => c instanceof Queue);
    const isDeadLetterQueue = (queue: Queue) => (queue.node.defaultChild as CfnQueue).redrivePolicy === undefined;
    const watched: Watched = {
      functions: everything.filter((c): c is CloseloopFunction => c instanceof CloseloopFunction),
      queues: queues.filter((queue) => !isDeadLetterQueue(queue)),
      deadLetterQueues: queues.filter(isDeadLetterQueue),
    };
    for (const queue of watched.deadLetterQueues)
      this.alarm(`${queue.node.id}Visible`, {
        description: `A message is waiting in the dead-letter queue ${queue.node.id}: something closeloop could not do, with its reason. README, Operations: read and redrive.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 1,
      });
    for (const queue of watched.queues)
      this.alarm(`${queue.node.id}Backlog`, {
        description: `The oldest message in ${queue.node.id} is over ${QUEUE_BACKLOG_SECONDS / 60} minutes old: its function is failing, throttled or too slow, and what it carries (surveys, answers) is late.`,
        metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: QUEUE_BACKLOG_SECONDS,
      });
    for (const fn of watched.functions) {
      const id = fn.node.id;
      this.alarm(`${id}Errors`, {
        description: `${id} failed (threw or timed out). Its log group says why; queue messages are retried, then dead-lettered.`,
        metric: fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
      });
      this.alarm(`${id}Throttles`, {
        description: `Lambda refused to run ${id}: the account's concurrency is used up. Raise the quota or reserve concurrency.`,
        metric: fn.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
      });
    }
    return watched;
  }

  /** The scheduled function has not run for three of its periods: nothing sweeps due surveys or escalates cases. */
  watchSchedule(fn: CloseloopFunction, everyMinutes: number): void {
    const period = Duration.minutes(Math.max(5, everyMinutes * 3));
    this.alarm(`${fn.node.id}NotRunning`, {
      description: `${fn.node.id} has not run for ${period.toMinutes()} minutes (it runs every ${everyMinutes}): its schedule rule is disabled or failing.`,
      metric: fn.fn.metricInvocations({ period, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
  }

  /**
   * The send queue's backlog would take longer than `alarmMinutes` to send at the SES quota: a peak bigger than the
   * quota absorbs. Surveys go out late but in order; ask AWS for a higher SES quota and raise `sending.maxPerSecond`.
   */
  watchSendBacklog(queue: Queue, maxPerSecond: number, alarmMinutes: number): void {
    this.alarm('SendBacklogDrain', {
      description: `The surveys waiting to be sent would take over ${alarmMinutes} minutes at the SES quota closeloop keeps (${maxPerSecond}/s): they go out late, in order. Ask AWS for a higher SES sending quota, then raise sending.maxPerSecond (docs/scale.md).`,
      metric: sendBacklogMinutes(queue, maxPerSecond),
      threshold: alarmMinutes,
    });
  }

  /** The HTTP API answers with 5xx: answer pages, unsubscribes or staff routes are failing. */
  watchHttpApi(api: HttpApi): void {
    this.alarm('HttpApi5xx', {
      description:
        'The HTTP API answered 5 or more requests with a 5xx in 5 minutes: customers cannot answer, or staff cannot work.',
      metric: api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
    });
  }

  /** SES's account-wide reputation, before SES's own review at 5 % bounces and 0.1 % complaints. */
  watchSesReputation(): void {
    for (const [id, metricName, threshold, what] of [
      ['SesBounceRate', 'Reputation.BounceRate', SES_BOUNCE_RATE_ALARM, 'bounce'],
      ['SesComplaintRate', 'Reputation.ComplaintRate', SES_COMPLAINT_RATE_ALARM, 'complaint'],
    ] as const)
      this.alarm(id, {
        description: `SES's ${what} rate reached ${threshold * 100} %: at that rate SES reviews the account, and may pause sending at twice it. Find the source (imported addresses, a store sending bad data) before sending more.`,
        metric: sesReputation(metricName),
        threshold,
      });
  }

  private alarm(
    id: string,
    options: {
      description: string;
      metric: IMetric;
      threshold: number;
      comparisonOperator?: ComparisonOperator;
      treatMissingData?: TreatMissingData;
    },
  ): void {
    const alarm = new Alarm(this, id, {
      // Named under the stack's name, so a chat rule can select every closeloop alarm of a stage by prefix.
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/**
 * Minutes the send queue's backlog (waiting and in flight) takes to send at the SES quota: never faster, because the
 * send-rate limiter admits no more than `maxPerSecond`, whatever the number of senders.
 */
export function sendBacklogMinutes(queue: Queue, maxPerSecond: number): MathExpression {
  return new MathExpression({
    expression: `(waiting + inFlight) / ${maxPerSecond * 60}`,
    usingMetrics: {
      waiting: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
      inFlight: queue.metricApproximateNumberOfMessagesNotVisible({ statistic: 'Maximum' }),
    },
    label: `minutes to send the backlog at ${maxPerSecond}/s`,
    period: Duration.minutes(5),
  });
}

/** An account-wide SES reputation metric (a ratio, 0–1). */
export function sesReputation(metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate'): Metric {
  return new Metric({ namespace: 'AWS/SES', metricName, period: Duration.minutes(15), statistic: 'Maximum' });
}

/** One of closeloop's business metrics, summed over all its dimension values (every program, reason, class). */
export function businessMetric(metricName: string, label = metricName): MathExpression {
  return new MathExpression({
    // Each EMF record carries one dimension set, so summing every set counts each event once.
    expression: `SUM(SEARCH('Namespace="closeloop" MetricName="${metricName}"', 'Sum', 300))`,
    label,
    period: Duration.minutes(5),
  });
}
