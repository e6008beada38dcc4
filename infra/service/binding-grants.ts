import { ArnFormat, Fn, Validations } from 'aws-cdk-lib';
import type { UserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { sourceSecretIds } from '../../shared/config/source-secrets.ts';
import { INDEXES } from '../../shared/topology/table.ts';
import {
  BINDING_INDEXES,
  type Binding,
  INBOUND_MAIL_PREFIX,
  SEND_QUEUE_CONSUMER,
} from '../../shared/topology/wiring.ts';
import { BUNDLED_CONFIG } from '../constructs/bundling.ts';
import type { CloseloopFunction } from '../constructs/closeloop-function.ts';
import type { ServiceContext } from './context.ts';

/**
 * What each binding of the wiring does to a function in AWS: the variable it sets and exactly the grant it needs
 * (the local runtime sets the same variables: local/resources.ts). Long because it is a table, one entry per
 * binding, each read beside the binding's line in shared/topology/bindings.ts.
 */
export function bindingGrants(
  context: ServiceContext,
  resources: { sendQueue: Queue | undefined; staffDomain: UserPoolDomain; staffClient: UserPoolClient },
): Record<Binding, (fn: CloseloopFunction) => void> {
  const { stack, props, publicBaseUrl, inboundMailArn } = context;
  const { data } = props;
  const { sendQueue, staffDomain, staffClient } = resources;
  const senders = Object.values(props.config.stores).map((store) => store.sender.email);
  const indexArns = (binding: keyof typeof BINDING_INDEXES) =>
    BINDING_INDEXES[binding].map((index) => `${data.table.tableArn}/index/${INDEXES[index].indexName}`);
  return {
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
              stack.formatArn({
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
    commentModel: (fn) => {
      const model = props.config.commentAnalysis?.bedrock;
      // Off (the default): no grant at all.
      if (model === undefined) return;
      // A cross-region inference profile (us.…, eu.…) routes to its model in any of its regions.
      const profile = /^(us|eu|apac|us-gov)\.(.+)$/.exec(model.modelId);
      fn.bindGrant('commentModel', (grantee) =>
        grantee.grantPrincipal.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['bedrock:InvokeModel'],
            resources: profile
              ? [
                  stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: model.modelId }),
                  `arn:${stack.partition}:bedrock:*::foundation-model/${profile[2]}`,
                ]
              : [`arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${model.modelId}`],
          }),
        ),
      );
      if (profile)
        Validations.of(fn.role).acknowledge({
          id: 'AwsSolutions-IAM5',
          reason:
            'A cross-region inference profile runs its one model in any of its regions: the region is the wildcard.',
        });
    },
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
}
