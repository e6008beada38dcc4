import { Duration, type Stack, Validations } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { ServiceStackProps } from '../service-stack.ts';

/**
 * What every part of the service stack is built with. The parts add their resources to the stack itself, never to
 * a construct of their own: a construct in between would change every logical id, and CloudFormation would replace
 * the queues (with the messages in them) on the next deploy.
 */
export interface ServiceContext {
  stack: Stack;
  props: ServiceStackProps;
  logRetention: RetentionDays;
  /** Where customers' and staff links point: the business's domain, or the HTTP API's URL. */
  publicBaseUrl: string;
  /** The inbound mail bucket's ARN, when replies are received. */
  inboundMailArn: string | undefined;
}

/** A dead-letter queue: the end of the line, so it has no dead-letter queue (or redrive) of its own. */
export function deadLetterQueueOf({ stack }: ServiceContext, id: string, of: string): Queue {
  const deadLetterQueue = new Queue(stack, `${id}DeadLetters`, {
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
}
