import * as z from 'zod';
import { type DetailOf, defineContract } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';

/**
 * What SES publishes about an email it sent through closeloop's configuration set (source `aws.ses`, on the
 * account's default bus): the fields closeloop reads. SES adds more; they are ignored. The `mail` part names the
 * message and carries the tags closeloop sent it with (`surveyId`, `program`, `storeId`).
 */
const mail = z.object({
  messageId: z.string().min(1).max(200),
  timestamp: z.string().optional(),
  destination: z.array(z.string().max(320)).max(50).optional(),
  tags: z.record(z.string(), z.array(z.string().max(256)).max(10)).optional(),
});
const recipient = z.object({ emailAddress: z.string().min(3).max(320) });

export const EmailBounced = defineContract(
  DETAIL_TYPES.emailBounced,
  1,
  z.object({
    eventType: z.literal('Bounce'),
    mail,
    bounce: z.object({
      /** Permanent: the address will never take mail (hard bounce); Transient and Undetermined may recover. */
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: z.string().max(100).optional(),
      bouncedRecipients: z.array(recipient).min(1).max(50),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
);

export const EmailComplaintReceived = defineContract(
  DETAIL_TYPES.emailComplaintReceived,
  1,
  z.object({
    eventType: z.literal('Complaint'),
    mail,
    complaint: z.object({
      complainedRecipients: z.array(recipient).min(1).max(50),
      complaintFeedbackType: z.string().max(100).optional(),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
);

export const EmailDelivered = defineContract(
  DETAIL_TYPES.emailDelivered,
  1,
  z.object({
    eventType: z.literal('Delivery'),
    mail,
    delivery: z.object({
      recipients: z.array(z.string().max(320)).min(1).max(50),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
);

export type EmailBouncedDetail = DetailOf<typeof EmailBounced>;
export type EmailComplaintDetail = DetailOf<typeof EmailComplaintReceived>;
export type EmailDeliveredDetail = DetailOf<typeof EmailDelivered>;

export { SES_SOURCE } from './detail-types.ts';
