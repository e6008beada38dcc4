import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import { BUNDLED_CONFIG, CloseloopFunction } from './constructs/closeloop-function.ts';
import { isProduction, type Stage } from './stage.ts';
import type { StatefulStack } from './stateful-stack.ts';
import type { Binding, Wiring } from './wiring.ts';

export interface ServiceStackProps extends StackProps {
  stage: Stage;
  data: StatefulStack;
  wiring: Wiring;
  config: CloseloopConfig;
  configFile: string;
  /** The business's own domain for answer pages; the HTTP API's URL when absent. */
  publicBaseUrl?: string | undefined;
}

/**
 * The stateless part: HTTP API, and for each consumer of the wiring its rule, queue, dead-letter queue and
 * function. Everything here can be destroyed and redeployed without losing a survey.
 */
export class ServiceStack extends Stack {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { data } = props;
    const logRetention = isProduction(props.stage) ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;

    this.api = new HttpApi(this, 'HttpApi', {
      description: 'closeloop: survey answer pages, unsubscribe and staff routes',
    });
    // The L2 default stage takes neither access logs nor throttling; set them on its CloudFormation resource.
    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', { retention: logRetention });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        route: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        error: '$context.error.message',
      }),
    };
    stage.defaultRouteSettings = { throttlingRateLimit: 100, throttlingBurstLimit: 200 };
    const publicBaseUrl = props.publicBaseUrl ?? this.api.apiEndpoint;
    const senders = Object.values(props.config.stores).map((store) => store.sender.email);

    const bindings: Record<Binding, (fn: CloseloopFunction) => void> = {
      table: (fn) =>
        // Item access on the base table only: no consumer so far queries an index.
        fn.bind('table', data.table.tableName, (grantee) =>
          grantee.grantPrincipal.addToPrincipalPolicy(
            new PolicyStatement({
              actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
              resources: [data.table.tableArn],
            }),
          ),
        ),
      bus: (fn) => fn.bind('bus', data.bus.eventBusName, (grantee) => data.bus.grantPutEventsTo(grantee)),
      mail: (fn) => {
        fn.bind('mail', data.configurationSet.configurationSetName);
        fn.grantSendEmail(senders, data.configurationSet.configurationSetName);
      },
      signingKeys: (fn) =>
        fn.bind('signingKeys', data.signingKey.secretArn, (grantee) => data.signingKey.grantRead(grantee)),
      publicBaseUrl: (fn) => fn.bind('publicBaseUrl', publicBaseUrl),
      config: (fn) => fn.bind('config', `/var/task/${BUNDLED_CONFIG}`),
    };

    for (const consumer of props.wiring.consumers) {
      const deadLetterQueue = new Queue(this, `${consumer.id}DeadLetters`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, `${consumer.id}Queue`, {
        visibilityTimeout: Duration.seconds(consumer.queue.visibilityTimeoutSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: consumer.queue.maxReceiveCount },
      });

      new Rule(this, `${consumer.id}Rule`, {
        eventBus: data.bus,
        description: consumer.rule.description,
        eventPattern: consumer.rule.pattern,
        // An event the queue refuses for a day ends in the consumer's dead letters, never nowhere.
        targets: [new SqsQueue(queue, { deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
      });

      const fn = new CloseloopFunction(this, consumer.id, {
        entry: consumer.entry,
        description: consumer.description,
        timeoutSeconds: consumer.timeoutSeconds,
        memoryMb: consumer.memoryMb,
        configFile: props.configFile,
        logRetention,
        environment: {
          DEAD_LETTER_QUEUE_URL: deadLetterQueue.queueUrl,
          MAX_RECEIVE_COUNT: String(consumer.queue.maxReceiveCount),
        },
      });
      deadLetterQueue.grantSendMessages(fn.role);
      for (const binding of consumer.bindings) bindings[binding](fn);
      fn.fn.addEventSource(
        new SqsEventSource(queue, {
          batchSize: consumer.queue.batchSize,
          maxConcurrency: consumer.queue.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }

    for (const definition of props.wiring.http) {
      const fn = new CloseloopFunction(this, definition.id, {
        entry: definition.entry,
        description: definition.description,
        timeoutSeconds: definition.timeoutSeconds,
        memoryMb: definition.memoryMb,
        configFile: props.configFile,
        logRetention,
      });
      for (const binding of definition.bindings) bindings[binding](fn);
      const integration = new HttpLambdaIntegration(`${definition.id}Integration`, fn.fn);
      for (const route of definition.routes) {
        for (const created of this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
        })) {
          Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason: definition.publicBecause });
        }
      }
    }

    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'EventBusName', { value: data.bus.eventBusName, description: 'Put store events here' });
    new CfnOutput(this, 'EventBusArn', { value: data.bus.eventBusArn });
  }
}
