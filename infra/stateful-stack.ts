import { createHash } from 'node:crypto';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolGroup, type IUserPool, Mfa, UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, type ITableV2, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import { CLOSELOOP_SOURCE } from '../shared/contracts/index.ts';
import { ALL_STORES_GROUP, STORE_GROUP_PREFIX } from '../shared/domain/store-access.ts';
import { tableDesign } from '../shared/topology/table.ts';
import { INBOUND_MAIL_PREFIX, wiring } from '../shared/topology/wiring.ts';
import { AlarmTopic } from './constructs/alarm-topic.ts';
import { CloseloopFunction } from './constructs/closeloop-function.ts';
import { Operations } from './constructs/operations.ts';
import { isProduction, type Stage } from './stage.ts';

export interface StatefulStackProps extends StackProps {
  stage: Stage;
  /** Whether replies by email are configured: then received mail needs a bucket. */
  receivesMail: boolean;
  /** IAM principals (role or user ARNs, wildcards allowed) that may put events on the bus: the stores' producers. */
  producers: readonly string[];
  /** The stack whose function roles put closeloop's own events (CloudFormation names them `{stack}-…`). */
  serviceStackName: string;
  /** The longest a signed link works (survey links, case links): keys rotate less often than that. */
  linkLifetimeDays: number;
  /** The configuration file every function bundles. */
  configFile: string;
  /** Who hears alarms, and whether functions are traced (`operations` in the configuration). */
  operations: CloseloopConfig['operations'];
  /** The stores the configuration names: each gets a staff group. */
  stores: readonly string[];
}

/**
 * What outlives a deployment: the table, the bus businesses point their stores at, the link-signing key and the
 * SES configuration set. Apart from the functions so that redeploying or replacing those never touches data.
 */
export class StatefulStack extends Stack {
  readonly table: ITableV2;
  readonly bus: IEventBus;
  readonly signingKey: ISecret;
  readonly configurationSet: ConfigurationSet;
  /** Support staff and managers: who may read reports and act on cases. */
  readonly staff: IUserPool;
  readonly inboundMail: IBucket | undefined;
  /** Where every alarm of both stacks goes. */
  readonly alarmTopic: ITopic;
  /** Export name of the inbound mail bucket's ARN: chosen, so the service stack's grant has a name nag can match. */
  readonly inboundMailArnExport: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const production = isProduction(props.stage);
    const retainIfProduction = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.table = this.makeTable(production, retainIfProduction);
    this.bus = this.makeBus(props);
    this.signingKey = this.makeSigningKey(props, production, retainIfProduction);
    this.inboundMailArnExport = `${this.stackName}-InboundMailArn`;
    this.inboundMail = props.receivesMail ? this.makeInboundMail(retainIfProduction) : undefined;
    this.staff = this.makeStaffPool(production, retainIfProduction, props.stores);
    // What `npm run smoke -- --stack` reads to find a deployed survey and sign its link, as the functions do.
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'SigningKeySecretArn', { value: this.signingKey.secretArn });
    new CfnOutput(this, 'StaffUserPoolId', {
      value: this.staff.userPoolId,
      description: 'Create staff: aws cognito-idp admin-create-user --user-pool-id <this> --username <email>',
    });

    this.configurationSet = this.makeConfigurationSet();

    // Alarms: the topic both stacks' alarms go to, and what this stack holds (its function, SES's reputation).
    this.alarmTopic = new AlarmTopic(this, 'Alarms', {
      alarmEmail: props.operations.alarmEmail,
      chatWebhookUrl: props.operations.chatWebhookUrl,
      alarmNamePrefix: `Closeloop-${props.stage}-`,
    }).topic;
    const operations = new Operations(this, 'Operations', { topic: this.alarmTopic });
    operations.watchAll(this);
    operations.watchSesReputation();
  }

  /** The one table, built from the topology's design: on demand, point-in-time recovery, TTL, three indexes. */
  private makeTable(production: boolean, retainIfProduction: RemovalPolicy): ITableV2 {
    const attribute = (name: string) => ({ name, type: AttributeType.STRING });
    return new TableV2(this, 'Table', {
      partitionKey: attribute(tableDesign.partitionKey),
      sortKey: attribute(tableDesign.sortKey),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      deletionProtection: production,
      removalPolicy: retainIfProduction,
      globalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType[index.projection],
      })),
    });
  }

  /** The bus the stores put events on, with a policy that only closeloop speaks as closeloop. */
  private makeBus(props: StatefulStackProps): IEventBus {
    const bus = new EventBus(this, 'Bus', { eventBusName: `${wiring.busName}-${props.stage}` });
    // closeloop's function roles: CloudFormation names a role without a name `{stack}-{logical id}-{suffix}`.
    const closeloopRoles = `arn:${this.partition}:iam::${this.account}:role/${props.serviceStackName}-*`;
    // Nobody but closeloop's functions may put events as closeloop: a forged "Survey Answered" would open cases.
    bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyCloseloopSpeaksAsCloseloop',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: {
          StringEquals: { 'events:source': CLOSELOOP_SOURCE },
          ArnNotLike: { 'aws:PrincipalArn': closeloopRoles },
        },
      }),
    );
    // With producers configured, nobody else in the account may put events at all.
    if (props.producers.length > 0)
      bus.addToResourcePolicy(
        new PolicyStatement({
          sid: 'OnlyTheBusinessProducers',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['events:PutEvents'],
          resources: [bus.eventBusArn],
          conditions: { ArnNotLike: { 'aws:PrincipalArn': [...props.producers, closeloopRoles] } },
        }),
      );
    return bus;
  }

  /**
   * The HMAC key that signs links, and its rotation: a new key (the next kid) becomes AWSCURRENT and the old one
   * AWSPREVIOUS, which the functions still verify with.
   */
  private makeSigningKey(props: StatefulStackProps, production: boolean, retainIfProduction: RemovalPolicy): ISecret {
    const signingKey = new Secret(this, 'LinkSigningKey', {
      description: 'HMAC key that signs survey links. JSON {kid, secret}; rotation writes a new kid.',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ kid: 'k1' }),
        generateStringKey: 'secret',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: retainIfProduction,
    });
    // Rotation: a new key (the next kid) becomes AWSCURRENT and the old one AWSPREVIOUS, which the functions
    // still verify with. Rotating less often than the longest link lives means the key a rotation retires signs
    // no link that still works. One-click unsubscribe links last at least that long too.
    const rotator = wiring.signingKeyRotation;
    const rotation = new CloseloopFunction(this, rotator.id, {
      entry: rotator.entry,
      description: rotator.description,
      timeoutSeconds: rotator.timeoutSeconds,
      memoryMb: rotator.memoryMb,
      configFile: props.configFile,
      tracing: props.operations.tracing,
      logRetention: production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    });
    signingKey.grantRead(rotation.role);
    signingKey.grantWrite(rotation.role);
    rotation.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [signingKey.secretArn],
      }),
    );
    signingKey.addRotationSchedule('Rotation', {
      rotationLambda: rotation.fn,
      automaticallyAfter: Duration.days(props.linkLifetimeDays + 1),
      rotateImmediatelyOnUpdate: false,
    });
    Validations.of(rotation.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'addRotationSchedule grants secretsmanager:GetRandomPassword, which has no resource; it reads no secret.',
    });
    Validations.of(rotation).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Secrets Manager invokes the rotation synchronously, step by step, and retries a failed step itself; the rotation stays pending (and the old key current) until it succeeds.',
    });

    return signingKey;
  }

  /** Raw replies SES received: read once by the reply handler, kept 30 days for support, then gone. */
  private makeInboundMail(retainIfProduction: RemovalPolicy): IBucket {
    const bucket = new Bucket(this, 'InboundMail', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: retainIfProduction,
      autoDeleteObjects: false,
    });
    // SES's S3 action writes received replies; the receipt rule lives in the service stack.
    bucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${INBOUND_MAIL_PREFIX}*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': `arn:${this.partition}:ses:${this.region}:${this.account}:receipt-rule-set/*` },
        },
      }),
    );
    new CfnOutput(this, 'InboundMailArn', { value: bucket.bucketArn, exportName: this.inboundMailArnExport });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only SES writes here and only the reply function reads; both are logged (CloudTrail, function logs) and objects expire in 30 days.',
    });
    return bucket;
  }

  /**
   * Staff accounts are made by an administrator (no self sign-up), sign in by email with a strong password and a
   * one-time code, and the pool outlives the functions like the data they open.
   */
  private makeStaffPool(production: boolean, retainIfProduction: RemovalPolicy, stores: readonly string[]): IUserPool {
    const staff = new UserPool(this, 'StaffUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: production,
      removalPolicy: retainIfProduction,
    });
    Validations.of(staff).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Threat protection (advanced security) is a paid Cognito feature plan; staff accounts are few, admin-created and need a one-time code, so the business can turn it on when it wants it.',
    });
    // What staff may see: `all-stores` every store, `store:<id>` one (a member of none sees none). A group per
    // named store; a store served by "*" gets its group by hand, with the same name.
    new CfnUserPoolGroup(this, 'AllStoresGroup', {
      userPoolId: staff.userPoolId,
      groupName: ALL_STORES_GROUP,
      description: 'Sees and acts on every store, erases customers and reads the connected sources',
    });
    for (const storeId of stores) {
      const groupName = `${STORE_GROUP_PREFIX}${storeId}`;
      if (groupName.length > 128) continue;
      new CfnUserPoolGroup(this, `StoreGroup${createHash('sha256').update(storeId).digest('hex').slice(0, 12)}`, {
        userPoolId: staff.userPoolId,
        groupName,
        description: `Sees and acts on store ${storeId} only`.slice(0, 2048),
      });
    }
    return staff;
  }

  /**
   * Every email goes through this configuration set: TLS required, SES's account-level suppression, reputation
   * metrics, and bounces, complaints and deliveries to the default bus.
   */
  private makeConfigurationSet(): ConfigurationSet {
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Bounces, complaints and deliveries to the default bus (the only one SES publishes to), where the
    // DeliveryFeedback rule takes them: closeloop's own suppression list spans every program and follow-up.
    configurationSet.addEventDestination('FeedbackToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY],
    });
    return configurationSet;
  }
}
