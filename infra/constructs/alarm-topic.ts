import { Duration, SecretValue, Validations } from 'aws-cdk-lib';
import {
  ApiDestination,
  Authorization,
  Connection,
  EventBus,
  EventField,
  HttpMethod,
  Rule,
  RuleTargetInput,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { publicWebhookProblem } from '../../shared/config/public-url.ts';

export interface AlarmTopicProps {
  /** Who is told: subscribed to the topic by email (they confirm the subscription once). */
  alarmEmail?: string | undefined;
  /** A chat's incoming webhook (Slack's `{"text": …}`): every alarm of `alarmNamePrefix` posted as it changes state. */
  chatWebhookUrl?: string | undefined;
  /** Every closeloop alarm's name starts with it (the stacks' names share it). */
  alarmNamePrefix: string;
}

/**
 * The one place every closeloop alarm goes: an SNS topic encrypted with its own key (which CloudWatch may use to
 * publish), people subscribed by email, and optionally a chat that hears each alarm and its recovery.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const key = new Key(this, 'Key', {
      description: 'closeloop alarm topic encryption',
      enableKeyRotation: true,
    });
    // An alarm publishes as CloudWatch, which must be able to encrypt for the topic.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      displayName: 'closeloop alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail === undefined && props.chatWebhookUrl === undefined) return;

    // An alarm that could not be delivered (a mailbox refusing, a chat down for a day) waits here, itself alarmed.
    const deadLetterQueue = new Queue(this, 'DeliveryDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const reason =
      'This queue is the dead-letter queue of alarm deliveries (email and chat): messages wait 14 days here, and its own alarm fires.';
    Validations.of(deadLetterQueue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason },
      { id: 'Serverless-SQSRedrivePolicy', reason },
    );
    if (props.alarmEmail !== undefined)
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail, { deadLetterQueue }));

    if (props.chatWebhookUrl !== undefined) {
      const problem = publicWebhookProblem(props.chatWebhookUrl);
      if (problem !== undefined) throw new Error(`operations.chatWebhookUrl ${problem} (got ${props.chatWebhookUrl})`);
      const connection = new Connection(this, 'ChatConnection', {
        description: 'Chat incoming webhook for closeloop alarms: the URL is the credential',
        authorization: Authorization.apiKey('x-closeloop', SecretValue.unsafePlainText('incoming-webhook')),
      });
      const destination = new ApiDestination(this, 'ChatDestination', {
        connection,
        endpoint: props.chatWebhookUrl,
        httpMethod: HttpMethod.POST,
        rateLimitPerSecond: 1,
      });
      // CloudWatch announces every alarm state change on the account's default bus.
      new Rule(this, 'ChatRule', {
        eventBus: EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
        description: 'closeloop alarms -> the operations chat',
        eventPattern: {
          source: ['aws.cloudwatch'],
          detailType: ['CloudWatch Alarm State Change'],
          detail: { alarmName: [{ prefix: props.alarmNamePrefix }] },
        },
        targets: [
          new ApiDestinationTarget(destination, {
            event: RuleTargetInput.fromObject({
              text: `closeloop alarm ${EventField.fromPath('$.detail.alarmName')} is ${EventField.fromPath('$.detail.state.value')}: ${EventField.fromPath('$.detail.state.reason')}`,
            }),
            retryAttempts: 185,
            maxEventAge: Duration.hours(24),
            deadLetterQueue,
          }),
        ],
      });
    }
  }
}
