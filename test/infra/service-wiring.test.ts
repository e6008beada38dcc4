import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../infra/constructs/closeloop-function.ts';
import { loadConfigFile } from '../../shared/config/load.ts';
import { sizedWiring } from '../../shared/topology/sizing.ts';
import { wiring } from '../../shared/topology/wiring.ts';
import { deployableConfig } from '../support/deployable-config.ts';
import { outdir, synth } from '../support/synth.ts';

describe('the service stack, wired from the wiring', () => {
  let dev: ReturnType<typeof synth>;
  beforeAll(() => {
    dev = synth();
  });

  it('routes each wiring rule to its queue, with the same pattern the local bus uses and a dead-letter queue', () => {
    for (const consumer of wiring.consumers) {
      // Shopify's rule exists only with Shopify configured (the connector test below).
      if (consumer.rule === undefined || consumer.rule.bus === 'shopify') continue;
      dev.service.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: consumer.rule.pattern,
        Targets: [
          Match.objectLike({
            DeadLetterConfig: Match.anyValue(),
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          }),
        ],
      });
      dev.service.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: consumer.queue.visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: consumer.queue.maxReceiveCount },
        SqsManagedSseEnabled: true,
      });
      // The send queue's senders as the configuration sizes them (test/infra/scale.test.ts); the others as wired.
      const sized = sizedWiring(wiring, loadConfigFile(resolve(ROOT, 'config/closeloop.json')));
      dev.service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: consumer.queue.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: {
          MaximumConcurrency: sized.consumers.find((c) => c.id === consumer.id)?.queue.maxConcurrency,
        },
      });
    }
  });

  it('wires each rule to the queue its own consumer reads, and no other', () => {
    // Prepare: which queue each rule targets, and which function reads each queue
    const rules = Object.values(dev.service.findResources('AWS::Events::Rule')) as {
      Properties: { EventPattern?: unknown; Targets?: { Arn: unknown }[] };
    }[];
    const mappings = Object.values(dev.service.findResources('AWS::Lambda::EventSourceMapping')) as {
      Properties: { EventSourceArn: { 'Fn::GetAtt': [string, string] }; FunctionName: { Ref: string } };
    }[];
    const functionLogicalId = (id: string) =>
      Object.keys(dev.service.findResources('AWS::Lambda::Function')).find((logicalId) =>
        new RegExp(`^${id}Function[0-9A-F]{8}$`).test(logicalId),
      );
    for (const consumer of wiring.consumers) {
      if (consumer.rule === undefined || consumer.rule.bus === 'shopify') continue;
      // Act
      const matching = rules.filter(
        (rule) => JSON.stringify(rule.Properties.EventPattern) === JSON.stringify(consumer.rule?.pattern),
      );
      const target = matching[0]?.Properties.Targets?.[0]?.Arn as { 'Fn::GetAtt': [string, string] } | undefined;
      const readers = mappings.filter(
        (mapping) => mapping.Properties.EventSourceArn['Fn::GetAtt'][0] === target?.['Fn::GetAtt'][0],
      );
      // Assess: one rule, one target, and that queue read by exactly this consumer's function
      expect(matching, consumer.id).toHaveLength(1);
      expect(matching[0]?.Properties.Targets, consumer.id).toHaveLength(1);
      expect(
        readers.map((mapping) => mapping.Properties.FunctionName.Ref),
        consumer.id,
      ).toEqual([functionLogicalId(consumer.id)]);
    }
  });

  // Tracing is a configuration choice (operations.test.ts).
  it('runs the send function on Node.js 24, arm64, with every binding set', () => {
    dev.service.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 60,
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: Match.anyValue(),
          EVENT_BUS_NAME: Match.anyValue(),
          SES_CONFIGURATION_SET: Match.anyValue(),
          SIGNING_KEY_SECRET_ID: Match.anyValue(),
          PUBLIC_BASE_URL: Match.anyValue(),
          CLOSELOOP_CONFIG_FILE: '/var/task/closeloop.config.json',
          DEAD_LETTER_QUEUE_URL: Match.anyValue(),
          MAX_RECEIVE_COUNT: '8',
        }),
      },
    });
  });

  it('sweeps the due-time index every minute, with a query grant on that index only, feeding the send queue', () => {
    dev.service.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        }),
      ],
    });
    dev.service.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'dynamodb:Query',
            Resource: { 'Fn::Join': ['', [Match.anyValue(), '/index/gsi2']] },
          }),
        ]),
      },
    });
    // The send queue takes no rule: only closeloop's functions feed it; its consumer runs at most two at a time.
    dev.service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets the function send mail only from the configured senders, through the configuration set', () => {
    const policies = dev.service.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (
          policy as {
            Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
    const ses = statements.find((statement) => statement.Action === 'ses:SendEmail');
    const resources = JSON.stringify(ses?.Resource);
    expect(resources).toContain(':identity/feedback@example.com');
    expect(resources).toContain(':identity/example.com');
    expect(resources).toContain(':configuration-set/');
    // Only X-Ray may hold "*".
    const wildcard = statements.filter((statement) => statement.Resource === '*');
    expect(
      wildcard.flatMap((statement) => [statement.Action].flat()).every((action) => action.startsWith('xray:')),
    ).toBe(true);
  });

  it('logs HTTP API access and throttles its default stage', () => {
    dev.service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('routes customer and alert links and the dashboard shell publicly, every staff route behind the staff pool JWT authorizer', () => {
    const routes = Object.values(dev.service.findResources('AWS::ApiGatewayV2::Route')).map((route) => {
      const { RouteKey, AuthorizationType } = (
        route as { Properties: { RouteKey: string; AuthorizationType?: string } }
      ).Properties;
      return `${RouteKey} ${AuthorizationType ?? 'NONE'}`;
    });
    const staff = wiring.http
      .filter((definition) => definition.access.kind === 'staff')
      .flatMap((definition) => definition.routes.map((route) => `${route.method} ${route.path} JWT`));
    expect(staff.length).toBeGreaterThanOrEqual(12);
    expect(routes.sort()).toEqual(
      [
        ...staff,
        'GET /c/{token} NONE',
        'GET /s/{token} NONE',
        'GET /sign-in NONE',
        'GET / NONE',
        'GET /dashboard NONE',
        'GET /u/{token} NONE',
        'HEAD /u/{token} NONE',
        'POST /u/{token} NONE',
        'HEAD /c/{token} NONE',
        'HEAD /s/{token} NONE',
        'POST /c/{token} NONE',
        'POST /s/{token} NONE',
        'POST /hooks/zendesk NONE',
        'POST /hooks/{sourceId} NONE',
      ].sort(),
    );
    // The authorizer trusts the staff user pool and only the sign-in client of it.
    dev.service.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.objectLike({ Ref: Match.stringLikeRegexp('StaffSignInClient') })],
        Issuer: Match.anyValue(),
      },
    });
    dev.service.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
      CallbackURLs: [Match.anyValue()],
    });
  });

  it('escalates overdue cases every minute, sends staff notices every hour; only staff, notice and erasure functions query the indexes, only erasure deletes', () => {
    const schedules = Object.values(dev.service.findResources('AWS::Events::Rule'))
      .map((rule) => (rule as { Properties: { ScheduleExpression?: string } }).Properties.ScheduleExpression)
      .filter((expression) => expression !== undefined)
      .sort();
    expect(schedules).toEqual(['rate(1 hour)', 'rate(1 minute)', 'rate(1 minute)']);
    const grantedTo = (needle: string) =>
      Object.entries(dev.service.findResources('AWS::IAM::Policy'))
        .filter(([, policy]) => JSON.stringify(policy).includes(needle))
        .map(([id]) => id.replace(/Role.*$/, ''))
        .sort();
    expect(grantedTo('/index/gsi3')).toEqual(['SendStaffNotices', 'StaffCases', 'StaffReports']);
    expect(grantedTo('/index/gsi1')).toEqual([
      'EraseCustomer',
      'SendStaffNotices',
      'StaffCases',
      'StaffCustomers',
      'StaffReports',
    ]);
    // A store's sent surveys (gsi5, keys only) are read by the staff functions that report on loyalty.
    expect(grantedTo('/index/gsi5')).toEqual(['SendStaffNotices', 'StaffCases', 'StaffReports']);
    // A program's day rows across stores (gsi6, keys only) are read by the staff functions that report across stores.
    expect(grantedTo('/index/gsi6')).toEqual(['SendStaffNotices', 'StaffCases', 'StaffReports']);
    // A customer's surveys (gsi4, keys only) are erasure's alone.
    expect(grantedTo('/index/gsi4')).toEqual(['EraseCustomer', 'StaffCustomers']);
    // Only erasure deletes items.
    expect(grantedTo('dynamodb:DeleteItem')).toEqual(['EraseCustomer', 'StaffCustomers']);
  });

  it('publishes SES bounces, complaints and deliveries to the default bus, where the feedback rule takes them', () => {
    dev.data.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'delivery']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      }),
    });
    const destination = JSON.stringify(dev.data.findResources('AWS::SES::ConfigurationSetEventDestination'));
    expect(destination).toContain(':event-bus/default');
    const rules = Object.values(dev.service.findResources('AWS::Events::Rule')) as {
      Properties: { EventPattern?: { source?: string[] }; EventBusName?: unknown };
    }[];
    const feedback = rules.filter((rule) => rule.Properties.EventPattern?.source?.includes('aws.ses'));
    expect(feedback).toHaveLength(1);
    // No bus named: the rule is on the account's default bus, not closeloop's.
    expect(feedback[0]?.Properties.EventBusName ?? 'default').toBe('default');
  });

  it('posts detractor alerts and score drops to each store’s chat webhook through an API destination, retried then dead-lettered', () => {
    // Prepare: a configuration whose Berlin store and every other store have webhooks.
    const config = JSON.parse(readFileSync(deployableConfig(), 'utf8'));
    config.stores['store-berlin'].staff = { chatWebhookUrl: 'https://hooks.slack.example/services/T0/B0/berlin' };
    config.stores['*'].staff = { chatWebhookUrl: 'https://hooks.slack.example/services/T0/B0/other' };
    const file = join(outdir(), 'chat.json');
    writeFileSync(file, JSON.stringify(config));

    // Act
    const withChat = synth({ config: file });

    // Assess
    // Two stores × two kinds of chat message: detractor alerts and score drops.
    withChat.service.resourceCountIs('AWS::Events::ApiDestination', 4);
    withChat.service.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['closeloop'],
        'detail-type': ['Score Dropped'],
        detail: { storeId: ['store-berlin'] },
      },
    });
    withChat.service.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://hooks.slack.example/services/T0/B0/berlin',
      HttpMethod: 'POST',
    });
    withChat.service.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['closeloop'],
        'detail-type': ['Detractor Identified'],
        detail: { storeId: ['store-berlin'] },
      },
      Targets: [
        Match.objectLike({
          InputTransformer: {
            InputPathsMap: { 'detail-chatText': '$.detail.chatText' },
            InputTemplate: '{"text":<detail-chatText>}',
          },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
    withChat.service.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { storeId: [{ 'anything-but': ['store-berlin'] }] } }),
    });
    // Without webhooks configured, there are none.
    dev.service.resourceCountIs('AWS::Events::ApiDestination', 0);
  });

  it('receives replies when a replies domain is configured: S3 first, then the function, which dead-letters', () => {
    const withReplies = synth({ config: deployableConfig() });
    withReplies.service.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['replies.acme.example'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'replies/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
    withReplies.service.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
    // the function's own DLQ takes the SES event after the retries
    withReplies.service.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('email reply'),
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
    withReplies.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({ StringEquals: Match.anyValue() }),
          }),
        ]),
      }),
    });
    withReplies.data.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    // Without a replies domain, none of it exists.
    expect(Object.keys(dev.service.findResources('AWS::SES::ReceiptRule'))).toEqual([]);
    expect(Object.keys(dev.data.findResources('AWS::S3::Bucket'))).toEqual([]);
  });

  it('connects Shopify through its partner bus and the webhook routes, with secrets by name and least privilege', () => {
    // Act: the local configuration, whose sources are all enabled, made deployable (secrets by name)
    // Bundling skipped: this test reads the shape (the deployed-shape test runs the bundles).
    const connected = synth({ config: deployableConfig() });

    // Assess: the partner event bus, named as the event source, with the Shopify rule feeding its connector's queue
    const source = 'aws.partner/shopify.com/1234567/closeloop-local';
    connected.service.hasResourceProperties('AWS::Events::EventBus', { Name: source, EventSourceName: source });
    const rules = connected.service.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { 'detail-type': ['shopifyWebhook'] } },
    });
    expect(Object.values(rules)).toHaveLength(1);
    const rule = Object.values(rules)[0] as { Properties: { EventBusName: unknown; Targets: { Arn: unknown }[] } };
    expect(JSON.stringify(rule.Properties.EventBusName)).toContain('ShopifyBus');
    expect(JSON.stringify(rule.Properties.Targets[0]?.Arn)).toContain('ShopifyEventsQueue');
    // The webhook routes are public (signed deliveries); the sources' status is a staff route
    for (const routeKey of ['POST /hooks/zendesk', 'POST /hooks/{sourceId}'])
      connected.service.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'NONE',
      });
    connected.service.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/sources',
      AuthorizationType: 'JWT',
    });
    // The webhook function reads exactly the named secrets; the status function queries only SOURCE# items
    connected.service.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Signed webhooks'),
      Environment: {
        Variables: Match.objectLike({
          SOURCE_SECRET_IDS: JSON.stringify({
            zendesk: 'closeloop/dev/zendesk',
            woocommerce: 'closeloop/dev/woocommerce',
          }),
        }),
      },
    });
    const policies = JSON.stringify(connected.service.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('secret:closeloop/dev/zendesk-??????');
    expect(policies).toContain('"dynamodb:LeadingKeys":["SOURCE#*"]');
    // Without sources configured: no partner bus, no Shopify rule, no secrets to read
    dev.service.resourceCountIs('AWS::Events::EventBus', 0);
    expect(
      Object.keys(
        dev.service.findResources('AWS::Events::Rule', {
          Properties: { EventPattern: { 'detail-type': ['shopifyWebhook'] } },
        }),
      ),
    ).toEqual([]);
  });
});

describe('comments classified by Amazon Bedrock', () => {
  const bedrockStatements = (template: ReturnType<typeof synth>['service']) =>
    Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([logicalId, policy]) =>
      (
        policy as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }
      ).Properties.PolicyDocument.Statement.filter((statement) =>
        JSON.stringify(statement.Action).includes('bedrock:'),
      ).map((statement) => ({ logicalId, statement })),
    );

  it('grants nothing of Bedrock while it is off (the default)', () => {
    expect(bedrockStatements(synth().service)).toEqual([]);
  });

  it('lets exactly the two functions that record answers invoke the configured model, and nothing else', () => {
    const file = deployableConfig('config/local.json', (config) => {
      (config as Record<string, unknown>).commentAnalysis = { bedrock: { modelId: 'amazon.nova-micro-v1:0' } };
    });
    const statements = bedrockStatements(synth({ config: file }).service);
    expect(statements.map(({ logicalId }) => logicalId.replace(/RoleDefaultPolicy.*$/, '')).sort()).toEqual([
      'EmailReply',
      'RecordAnswer',
    ]);
    for (const { statement } of statements) {
      expect(statement.Action).toBe('bedrock:InvokeModel');
      expect(JSON.stringify(statement.Resource)).toContain('foundation-model/amazon.nova-micro-v1:0');
    }
  });
});
