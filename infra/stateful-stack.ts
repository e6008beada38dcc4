import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  type IConfigurationSet,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { tableDesign } from '../shared/adapters/dynamodb/table-design.ts';
import { isProduction, type Stage } from './stage.ts';
import { wiring } from './wiring.ts';

export interface StatefulStackProps extends StackProps {
  stage: Stage;
}

/**
 * What outlives a deployment: the table, the bus businesses point their stores at, the link-signing key and the
 * SES configuration set. Apart from the functions so that redeploying or replacing those never touches data.
 */
export class StatefulStack extends Stack {
  readonly table: ITableV2;
  readonly bus: IEventBus;
  readonly signingKey: ISecret;
  readonly configurationSet: IConfigurationSet;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const production = isProduction(props.stage);
    const retainIfProduction = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const attribute = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
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
      })),
    });

    this.bus = new EventBus(this, 'Bus', { eventBusName: `${wiring.busName}-${props.stage}` });

    this.signingKey = new Secret(this, 'LinkSigningKey', {
      description: 'HMAC key that signs survey links. JSON {kid, secret}; rotation writes a new kid.',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ kid: 'k1' }),
        generateStringKey: 'secret',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: retainIfProduction,
    });
    Validations.of(this.signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotation needs the rotation function and the two-key verification window of the trust issue; until then the key is rotated by writing a new version with a new kid, which the functions already honour (AWSPREVIOUS still verifies).',
    });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
  }
}
