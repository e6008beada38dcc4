import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IWidget,
  MathExpression,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  businessMetric,
  QUEUE_BACKLOG_SECONDS,
  SES_BOUNCE_RATE_ALARM,
  SES_COMPLAINT_RATE_ALARM,
  sendBacklogMinutes,
  sesReputation,
  type Watched,
} from './operations.ts';

const WIDTH = 8;
const HEIGHT = 6;

/**
 * One CloudWatch dashboard for running closeloop: what the business sees (surveys sent, skipped and answered, the
 * response rate, detractor cases), and what an operator acts on (dead letters, errors, backlogs, SES reputation,
 * every alarm's state). Drawn from what `Operations.watchAll` found, so it shows every queue and function.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(
    scope: Construct,
    id: string,
    props: {
      watched: Watched;
      api: HttpApi;
      alarms: readonly Alarm[];
      sendBacklog: { queue: Queue; maxPerSecond: number; alarmMinutes: number };
    },
  ) {
    super(scope, id);
    const { watched } = props;
    const graph = (title: string, left: GraphWidget['props']['left'], extra: Partial<GraphWidget['props']> = {}) =>
      new GraphWidget({ title, left, width: WIDTH, height: HEIGHT, ...extra });
    const answered = businessMetric('AnswersRecorded', 'answered');
    const sent = businessMetric('SurveysSent', 'sent');

    const business: IWidget[] = [
      graph('Surveys', [
        businessMetric('SurveysScheduled', 'scheduled'),
        sent,
        businessMetric('SurveysSkipped', 'skipped'),
        answered,
        businessMetric('RepliesRecorded', 'email replies'),
      ]),
      graph(
        'Response rate (%)',
        [
          new MathExpression({
            expression: 'IF(sent > 0, 100 * answered / sent, 0)',
            usingMetrics: { answered, sent },
            label: 'answers per survey sent',
            period: Duration.hours(1),
          }),
        ],
        { leftYAxis: { min: 0 } },
      ),
      graph('Skipped, by reason', [
        new MathExpression({
          expression: `SEARCH('Namespace="closeloop" MetricName="SurveysSkipped"', 'Sum', 300)`,
          label: 'skipped',
          period: Duration.minutes(5),
        }),
      ]),
      graph('Detractor cases', [
        businessMetric('CasesOpened', 'opened'),
        businessMetric('CasesEscalated', 'escalated (overdue, unacknowledged)'),
        businessMetric('CasesResolved', 'resolved'),
      ]),
    ];
    const operations: IWidget[] = [
      graph(
        'Dead letters (messages waiting)',
        watched.deadLetterQueues.map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({ label: queue.node.id, statistic: 'Maximum' }),
        ),
      ),
      graph(
        'Function errors',
        watched.functions.map((fn) => fn.fn.metricErrors({ label: fn.node.id, statistic: 'Sum' })),
      ),
      graph(
        'Backlog: oldest message (s)',
        watched.queues.map((queue) =>
          queue.metricApproximateAgeOfOldestMessage({ label: queue.node.id, statistic: 'Maximum' }),
        ),
        { leftAnnotations: [{ value: QUEUE_BACKLOG_SECONDS, label: 'alarm' }] },
      ),
      graph(
        'Send backlog: minutes to send at the SES quota',
        [sendBacklogMinutes(props.sendBacklog.queue, props.sendBacklog.maxPerSecond)],
        { leftAnnotations: [{ value: props.sendBacklog.alarmMinutes, label: 'alarm' }], leftYAxis: { min: 0 } },
      ),
      graph(
        'SES reputation (ratio)',
        [sesReputation('Reputation.BounceRate'), sesReputation('Reputation.ComplaintRate')],
        {
          leftAnnotations: [
            { value: SES_BOUNCE_RATE_ALARM, label: 'bounce alarm' },
            { value: SES_COMPLAINT_RATE_ALARM, label: 'complaint alarm' },
          ],
        },
      ),
      graph('HTTP API', [
        props.api.metricCount({ label: 'requests', statistic: 'Sum' }),
        props.api.metricClientError({ label: '4xx', statistic: 'Sum' }),
        props.api.metricServerError({ label: '5xx', statistic: 'Sum' }),
      ]),
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: WIDTH, height: HEIGHT }),
    ];
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        business.slice(0, 3),
        [business[3] as IWidget, ...operations.slice(0, 2)],
        operations.slice(2, 5),
        operations.slice(5),
      ],
    });
  }
}
