import { ArnFormat, CfnOutput, Duration, Fn, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { OAuthScope, UserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import {
  ApiDestination,
  Authorization,
  Connection,
  EventBus,
  EventField,
  HttpMethod as EventsHttpMethod,
  Rule,
  RuleTargetInput,
  Schedule,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget, LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { type ReceiptRuleOptions, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { publicWebhookProblem } from '../shared/config/public-url.ts';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import { sourceSecretIds } from '../shared/config/source-secrets.ts';
import { INDEXES } from '../shared/topology/table.ts';
import {
  BINDING_INDEXES,
  type Binding,
  type ChatWebhook,
  INBOUND_MAIL_PREFIX,
  INVOCATION_ENV,
  SEND_QUEUE_CONSUMER,
  type Wiring,
  webhookPattern,
} from '../shared/topology/wiring.ts';
import { BUNDLED_CONFIG } from './constructs/bundling.ts';
import { CloseloopFunction } from './constructs/closeloop-function.ts';
import { Operations } from './constructs/operations.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { isProduction, type Stage } from './stage.ts';
import type { StatefulStack } from './stateful-stack.ts';

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
    const inboundMailArn = data.inboundMail ? Fn.importValue(data.inboundMailArnExport) : undefined;

    /** A dead-letter queue: the end of the line, so it has no dead-letter queue (or redrive) of its own. */
    const deadLetterQueueOf = (id: string, of: string) => {
      const deadLetterQueue = new Queue(this, `${id}DeadLetters`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const reason = `This queue is the dead-letter queue of ${of}: messages wait 14 days here, with their reason, to be read and redriven (README, Operations).`;
      Validations.of(deadLetterQueue).acknowledge(
        { id: 'AwsSolutions-SQS3', reason },
        { id: 'Serverless-SQSRedrivePolicy', reason },
      );
      return deadLetterQueue;
    };
    // Every consumer's queue first: a binding (sendQueue) can name another consumer's queue.
    const queues = new Map<string, { queue: Queue; deadLetterQueue: Queue }>();
    for (const consumer of props.wiring.consumers) {
      const deadLetterQueue = deadLetterQueueOf(consumer.id, `the ${consumer.id} queue and its function`);
      const queue = new Queue(this, `${consumer.id}Queue`, {
        visibilityTimeout: Duration.seconds(consumer.queue.visibilityTimeoutSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: consumer.queue.maxReceiveCount },
      });
      queues.set(consumer.id, { queue, deadLetterQueue });
    }
    const sendQueue = queues.get(SEND_QUEUE_CONSUMER)?.queue;
    // Where AWS services publish: SES's bounce, complaint and delivery events can only go there.
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    // Shopify's partner event source, once the app created it: the partner bus takes its name and source.
    const shopify = props.config.sources.shopify;
    const shopifyBus =
      shopify === undefined
        ? undefined
        : new EventBus(this, 'ShopifyBus', {
            // A partner bus is named as its event source: CDK takes the source and names the bus after it.
            eventSourceName: shopify.eventSourceName,
            description: 'Shopify webhooks (partner event source), read by the ShopifyEvents connector',
          });

    // Staff sign in on the user pool's hosted page (authorization code with PKCE, no client secret: the sign-in
    // page is a browser app) and call staff routes with the access token.
    const staffDomain = new UserPoolDomain(this, 'StaffSignInDomain', {
      userPool: data.staff,
      cognitoDomain: { domainPrefix: `closeloop-${props.stage}-${this.account}` },
    });
    const staffClient = new UserPoolClient(this, 'StaffSignInClient', {
      userPool: data.staff,
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${publicBaseUrl}/sign-in`],
        logoutUrls: [`${publicBaseUrl}/sign-in`],
      },
    });

    const indexArns = (binding: keyof typeof BINDING_INDEXES) =>
      BINDING_INDEXES[binding].map((index) => `${data.table.tableArn}/index/${INDEXES[index].indexName}`);
    const bindings: Record<Binding, (fn: CloseloopFunction) => void> = {
      table: (fn) =>
        // Item access on the base table only; the sweeper's index query is the dueIndex binding.
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
      sendQueue: (fn) => {
        if (sendQueue === undefined)
          throw new Error(`sendQueue is bound but there is no ${SEND_QUEUE_CONSUMER} consumer`);
        fn.bind('sendQueue', sendQueue.queueUrl, (grantee) => sendQueue.grantSendMessages(grantee));
      },
      dueIndex: (fn) =>
        fn.bindGrant('dueIndex', (grantee) =>
          grantee.grantPrincipal.addToPrincipalPolicy(
            new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns('dueIndex') }),
          ),
        ),
      staffIndexes: (fn) =>
        fn.bindGrant('staffIndexes', (grantee) =>
          grantee.grantPrincipal.addToPrincipalPolicy(
            new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns('staffIndexes') }),
          ),
        ),
      erasure: (fn) =>
        fn.bindGrant('erasure', (grantee) =>
          grantee.grantPrincipal.addToPrincipalPolicy(
            new PolicyStatement({
              actions: ['dynamodb:Query', 'dynamodb:DeleteItem'],
              resources: [...indexArns('erasure'), data.table.tableArn],
            }),
          ),
        ),
      staffSignIn: (fn) =>
        fn.bind(
          'staffSignIn',
          JSON.stringify({
            kind: 'cognito',
            domain: staffDomain.baseUrl(),
            clientId: staffClient.userPoolClientId,
          }),
        ),
      config: (fn) => fn.bind('config', `/var/task/${BUNDLED_CONFIG}`),
      sourceSecrets: (fn) => {
        const secretIds = sourceSecretIds(props.config, 'aws');
        fn.bind('sourceSecrets', JSON.stringify(secretIds), (grantee) => {
          if (Object.keys(secretIds).length === 0) return;
          grantee.grantPrincipal.addToPrincipalPolicy(
            new PolicyStatement({
              actions: ['secretsmanager:GetSecretValue'],
              // A secret's ARN ends in a random six-character suffix Secrets Manager adds to the name.
              resources: Object.values(secretIds).map((name) =>
                this.formatArn({
                  service: 'secretsmanager',
                  resource: 'secret',
                  resourceName: `${name}-??????`,
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                }),
              ),
            }),
          );
        });
        if (Object.keys(secretIds).length > 0)
          Validations.of(fn.role).acknowledge({
            id: 'AwsSolutions-IAM5',
            reason:
              'A secret ARN ends in a suffix Secrets Manager chooses: the grant names each configured secret and only its suffix is a wildcard.',
          });
      },
      sourceStatus: (fn) =>
        fn.bindGrant('sourceStatus', (grantee) =>
          grantee.grantPrincipal.addToPrincipalPolicy(
            new PolicyStatement({
              actions: ['dynamodb:Query'],
              resources: [data.table.tableArn],
              // Only the connected sources' items: no staff view reads customers' data through this grant.
              conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SOURCE#*'] } },
            }),
          ),
        ),
      inboundMail: (fn) => {
        if (inboundMailArn === undefined) throw new Error('inboundMail is bound but replies.domain is not configured');
        fn.bind('inboundMail', Fn.select(5, Fn.split(':', inboundMailArn)), (grantee) =>
          grantee.grantPrincipal.addToPrincipalPolicy(
            new PolicyStatement({
              // Read a received reply, then delete it once handled: no raw email outlives its answer.
              actions: ['s3:GetObject', 's3:DeleteObject'],
              resources: [`${inboundMailArn}/${INBOUND_MAIL_PREFIX}*`],
            }),
          ),
        );
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${data.inboundMailArnExport}/${INBOUND_MAIL_PREFIX}*]`,
          reason:
            'Object keys are the message ids SES assigns on receipt; the grant reads and deletes only under the replies/ prefix.',
        });
      },
    };

    /** A function of the wiring, with its bindings, and the dead-letter queue it writes reasons to, when it has one. */
    const functionOf = (
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
      const fn = new CloseloopFunction(this, definition.id, {
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
    for (const consumer of props.wiring.consumers) {
      const { queue, deadLetterQueue } = queues.get(consumer.id) as { queue: Queue; deadLetterQueue: Queue };
      const eventBus =
        consumer.rule?.bus === 'default' ? defaultBus : consumer.rule?.bus === 'shopify' ? shopifyBus : data.bus;
      if (consumer.rule && eventBus !== undefined) {
        new Rule(this, `${consumer.id}Rule`, {
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

    const scheduledFunctions: [CloseloopFunction, number][] = [];
    for (const scheduled of props.wiring.schedules) {
      const deadLetterQueue = deadLetterQueueOf(scheduled.id, 'the schedule rule target and the function');
      // Invoked asynchronously: a run that fails its two retries lands in the same dead letters.
      const fn = functionOf(scheduled, deadLetterQueue, {}, 'async');
      scheduledFunctions.push([fn, scheduled.everyMinutes]);
      // A missed run is harmless (the next one sweeps everything due by then); a failing one is retried twice
      // and then kept with its reason in the dead letters.
      new Rule(this, `${scheduled.id}Schedule`, {
        description: scheduled.description,
        schedule: Schedule.rate(Duration.minutes(scheduled.everyMinutes)),
        targets: [new LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue })],
      });
    }

    // Staff routes need a JWT from the staff user pool for this client: API Gateway checks signature, issuer,
    // audience and expiry before a function runs, and answers 401 otherwise.
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', data.staff, {
      userPoolClients: [staffClient],
    });
    for (const definition of props.wiring.http) {
      const fn = functionOf(definition);
      const integration = new HttpLambdaIntegration(`${definition.id}Integration`, fn.fn);
      const access = definition.access;
      for (const route of definition.routes) {
        for (const created of this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          ...(access.kind === 'staff' ? { authorizer: staffAuthorizer } : {}),
        })) {
          if (access.kind === 'public')
            Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason: access.because });
        }
      }
    }

    // CDK's EventPattern type spells the fields in camelCase; the wiring's pattern is EventBridge's own JSON.
    const webhookPatternOf = (webhook: ChatWebhook, storeId: string) => {
      const { 'detail-type': detailType, ...rest } = webhookPattern(webhook, storeId, Object.keys(props.config.stores));
      return { ...rest, detailType };
    };
    // Chat webhooks: per store with a webhook URL, a rule on its own events with an API destination.
    for (const webhook of props.wiring.webhooks) {
      const stores = Object.entries(props.config.stores).filter(([, store]) => store.staff.chatWebhookUrl);
      if (stores.length === 0) continue;
      const deadLetterQueue = deadLetterQueueOf(webhook.id, 'the chat webhook rule targets');
      // Incoming webhooks take no credentials but the URL itself; EventBridge connections require some, so this
      // one sends a header the chat ignores.
      const connection = new Connection(this, `${webhook.id}Connection`, {
        description: 'Chat incoming webhooks: the URL is the credential',
        authorization: Authorization.apiKey('x-closeloop', SecretValue.unsafePlainText('incoming-webhook')),
      });
      for (const [storeId, store] of stores) {
        const url = store.staff.chatWebhookUrl as string;
        const problem = publicWebhookProblem(url);
        if (problem !== undefined) throw new Error(`stores.${storeId}.staff.chatWebhookUrl ${problem} (got ${url})`);
        const name = storeId === '*' ? 'AnyStore' : storeId.replace(/[^A-Za-z0-9]/g, '');
        const destination = new ApiDestination(this, `${webhook.id}${name}Destination`, {
          connection,
          endpoint: url,
          httpMethod: EventsHttpMethod.POST,
          rateLimitPerSecond: 1,
        });
        new Rule(this, `${webhook.id}${name}Rule`, {
          eventBus: data.bus,
          description: `${webhook.description} (store ${storeId})`,
          eventPattern: webhookPatternOf(webhook, storeId),
          targets: [
            new ApiDestinationTarget(destination, {
              event: RuleTargetInput.fromObject(
                Object.fromEntries(
                  Object.entries(webhook.body).map(([field, path]) => [field, EventField.fromPath(path)]),
                ),
              ),
              retryAttempts: 185,
              maxEventAge: Duration.hours(24),
              deadLetterQueue,
            }),
          ],
        });
      }
    }

    const repliesDomain = props.config.replies?.domain;
    if (repliesDomain !== undefined && inboundMailArn !== undefined) {
      const rules: ReceiptRuleOptions[] = props.wiring.mail.map((definition) => {
        const deadLetterQueue = deadLetterQueueOf(definition.id, 'the reply function (its on-failure destination)');
        const fn = functionOf(
          definition,
          deadLetterQueue,
          { [INVOCATION_ENV.deadLetterQueue]: deadLetterQueue.queueUrl },
          'async',
        );
        // Two retries, then the function's DLQ gets the SES event itself: replayable as it is (README, Operations).
        fn.fn.configureAsyncInvoke({ retryAttempts: 2 });
        Validations.of(fn).acknowledge({
          id: 'Serverless-LambdaAsyncFailureDestination',
          reason:
            'Failed invocations go to the function dead-letter queue (DeadLetterConfig) as the SES event itself, replayable with aws lambda invoke; an on-failure destination would wrap it in an invocation record.',
        });
        return {
          recipients: [repliesDomain],
          scanEnabled: true,
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [
            // The data stack's bucket policy lets SES write; an imported bucket takes no policy from here.
            new S3({
              bucket: Bucket.fromBucketArn(this, `${definition.id}InboundMail`, inboundMailArn as string),
              objectKeyPrefix: INBOUND_MAIL_PREFIX,
            }),
            new LambdaAction({ function: fn.fn, invocationType: LambdaInvocationType.EVENT }),
          ],
        };
      });
      // SES has one active rule set per region: activate it with `aws ses set-active-receipt-rule-set`.
      const ruleSet = new ReceiptRuleSet(this, 'InboundMailRules', { rules });
      Validations.of(ruleSet).acknowledge({
        id: 'Annotation::@aws-cdk/s3:AddBucketPermissions',
        reason: 'The data stack gives SES s3:PutObject on replies/* in the bucket policy, conditioned on this account.',
      });
      new CfnOutput(this, 'ReceiptRuleSetName', { value: ruleSet.receiptRuleSetName });
    }

    // Last, so that it finds everything above: alarms on every queue and function, the schedules and the API.
    const operations = new Operations(this, 'Operations', { topic: data.alarmTopic });
    const watched = operations.watchAll(this);
    for (const [fn, everyMinutes] of scheduledFunctions) operations.watchSchedule(fn, everyMinutes);
    operations.watchHttpApi(this.api);
    new OperationsDashboard(this, 'OperationsDashboard', { watched, api: this.api, alarms: operations.alarms });

    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'EventBusName', { value: data.bus.eventBusName, description: 'Put store events here' });
    new CfnOutput(this, 'EventBusArn', { value: data.bus.eventBusArn });
  }
}
