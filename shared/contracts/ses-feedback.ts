import * as z from 'zod/mini';
import { type DetailOf, defineContract } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { builtOnFirstUse } from './zod-mini.ts';

/**
 * What SES publishes about an email it sent through closeloop's configuration set (source `aws.ses`, on the
 * account's default bus): the fields closeloop reads. SES adds more; they are ignored. The `mail` part names the
 * message and carries the tags closeloop sent it with (`surveyId`, `program`, `storeId`).
 */
const mail = builtOnFirstUse(() =>
  z.object({
    messageId: z.string().check(z.minLength(1), z.maxLength(200)),
    timestamp: z.optional(z.string()),
    destination: z.optional(z.array(z.string().check(z.maxLength(320))).check(z.maxLength(50))),
    tags: z.optional(z.record(z.string(), z.array(z.string().check(z.maxLength(256))).check(z.maxLength(10)))),
  }),
);
const recipient = builtOnFirstUse(() => z.object({ emailAddress: z.string().check(z.minLength(3), z.maxLength(320)) }));

export const EmailBounced = defineContract(DETAIL_TYPES.emailBounced, 1, () =>
  z.object({
    eventType: z.literal('Bounce'),
    mail: mail(),
    bounce: z.object({
      /** Permanent: the address will never take mail (hard bounce); Transient and Undetermined may recover. */
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: z.optional(z.string().check(z.maxLength(100))),
      bouncedRecipients: z.array(recipient()).check(z.minLength(1), z.maxLength(50)),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
);

export const EmailComplaintReceived = defineContract(DETAIL_TYPES.emailComplaintReceived, 1, () =>
  z.object({
    eventType: z.literal('Complaint'),
    mail: mail(),
    complaint: z.object({
      complainedRecipients: z.array(recipient()).check(z.minLength(1), z.maxLength(50)),
      complaintFeedbackType: z.optional(z.string().check(z.maxLength(100))),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
);

export const EmailDelivered = defineContract(DETAIL_TYPES.emailDelivered, 1, () =>
  z.object({
    eventType: z.literal('Delivery'),
    mail: mail(),
    delivery: z.object({
      recipients: z.array(z.string().check(z.maxLength(320))).check(z.minLength(1), z.maxLength(50)),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
);

export type EmailBouncedDetail = DetailOf<typeof EmailBounced>;
export type EmailComplaintDetail = DetailOf<typeof EmailComplaintReceived>;
export type EmailDeliveredDetail = DetailOf<typeof EmailDelivered>;

export { SES_SOURCE } from './detail-types.ts';
