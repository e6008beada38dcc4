import * as z from 'zod';
import { externalId, locale } from '../contracts/contract.ts';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1f6feb');

/** How one store presents itself in emails and pages. */
export const storeConfig = z.object({
  brandName: z.string().trim().min(1).max(100),
  sender: z.object({
    email: z.email(),
    name: z
      .string()
      .max(100)
      .regex(/^[^\r\n"<>]*$/, 'no quotes, angle brackets or line breaks')
      .optional(),
  }),
  replyTo: z.email().optional(),
  defaultLocale: locale.default('en'),
  primaryColour: hexColour.default('#1f6feb'),
  logoUrl: z.url({ protocol: /^https$/ }).optional(),
});

/**
 * closeloop's configuration: one JSON file, validated at start-up and at synth, so a mistake stops both with a
 * message naming the field. The key `*` in `stores` serves every store id not listed.
 */
export const closeloopConfig = z.object({
  stores: z
    .record(z.union([externalId, z.literal('*')]), storeConfig)
    .refine((stores) => Object.keys(stores).length > 0, {
      message: 'configure at least one store (or "*" for all)',
    }),
  /**
   * Where customers' email replies go: survey emails carry `Reply-To: reply+{token}@{domain}`, and the domain's
   * inbound mail (an SES receipt rule in AWS, the SMTP port locally) reaches the reply handler. Without it,
   * survey emails reply to the store's `replyTo`.
   */
  replies: z
    .object({
      domain: z
        .string()
        .regex(
          /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
          'a mail domain such as replies.example.com',
        ),
    })
    .optional(),
  survey: z
    .object({
      validForDays: z.number().int().min(1).max(90).default(30),
    })
    .prefault({}),
});

export type CloseloopConfig = z.output<typeof closeloopConfig>;
export type StoreConfig = z.output<typeof storeConfig>;
