import { CfnOutput, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { type ReceiptRuleOptions, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { INBOUND_MAIL_PREFIX, INVOCATION_ENV } from '../../shared/topology/wiring.ts';
import { deadLetterQueueOf, type ServiceContext } from './context.ts';
import type { FunctionOf } from './function-factory.ts';

/**
 * Replies by email, when a replies domain is configured: an SES receipt rule stores each message under replies/ in
 * the data stack's bucket, then invokes the mail receiver asynchronously; two retries, then its dead-letter queue
 * gets the SES event itself, replayable as it is (README, Operations).
 */
export function inboundMail(context: ServiceContext, functionOf: FunctionOf): void {
  const { stack, props, inboundMailArn } = context;
  const repliesDomain = props.config.replies?.domain;
  if (repliesDomain === undefined || inboundMailArn === undefined) return;
  const rules: ReceiptRuleOptions[] = props.wiring.mail.map((definition) => {
    const deadLetterQueue = deadLetterQueueOf(
      context,
      definition.id,
      'the reply function (its on-failure destination)',
    );
    const environment = { [INVOCATION_ENV.deadLetterQueue]: deadLetterQueue.queueUrl };
    const fn = functionOf(definition, deadLetterQueue, environment, 'async');
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
          bucket: Bucket.fromBucketArn(stack, `${definition.id}InboundMail`, inboundMailArn),
          objectKeyPrefix: INBOUND_MAIL_PREFIX,
        }),
        new LambdaAction({ function: fn.fn, invocationType: LambdaInvocationType.EVENT }),
      ],
    };
  });
  // SES has one active rule set per region: activate it with `aws ses set-active-receipt-rule-set`.
  const ruleSet = new ReceiptRuleSet(stack, 'InboundMailRules', { rules });
  Validations.of(ruleSet).acknowledge({
    id: 'Annotation::@aws-cdk/s3:AddBucketPermissions',
    reason: 'The data stack gives SES s3:PutObject on replies/* in the bucket policy, conditioned on this account.',
  });
  new CfnOutput(stack, 'ReceiptRuleSetName', { value: ruleSet.receiptRuleSetName });
}
