import * as z from 'zod';
import { externalId, locale } from '../contracts/contract.ts';
import { TRIGGERS, type TriggerEvent } from './constants.ts';
import { duration } from './duration.ts';
import { commentAnalysisConfig, reasonsConfig, rootCausesConfig, themesConfig, wordingConfig } from './outer-loop.ts';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1f6feb');
const httpsUrl = z.url({ protocol: /^https$/ });
/** A webhook: HTTPS, or plain HTTP on loopback for local runs and tests. */
const webhookUrl = z
  .url()
  .refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url), {
    message: 'must be https, or http on loopback for local runs',
  });

/** Text shown in emails, pages and subjects: one line, no control characters (a CR/LF would split a header). */
const displayText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'one line without control characters');

export { TRIGGERS, type TriggerEvent } from './constants.ts';

/**
 * What a program may change per store (`stores.<id>.programs.<programId>`); anything left out comes from the
 * program. A store can also switch a program off with `"enabled": false`.
 */
const programSettings = {
  enabled: z.boolean(),
  /** How long after the event the survey goes out (from `occurredAt` or `closedAt`). */
  delay: duration,
  /** At most one survey of this program per customer within this window. */
  throttle: duration,
  /** The share of eligible events that get a survey, 0–100; decided by the survey id, so it is stable. */
  samplingPercent: z.number().min(0).max(100),
  /** At most this many surveys of this program per store per UTC day; the rest are skipped. */
  dailyCap: z.number().int().positive().nullable(),
  /** One reminder this long after the survey to a customer who has not answered; `false` sends none. */
  reminder: z.union([duration, z.literal(false)]),
};

const programOverride = z.strictObject(programSettings).partial();

export const programConfig = z.strictObject({
  trigger: z.enum(Object.keys(TRIGGERS) as [TriggerEvent, ...TriggerEvent[]]),
  /** `csat+ces` asks CES ("made it easy to handle my issue", 1–7) on the answer page after the CSAT click. */
  survey: z.enum(['nps', 'csat', 'csat+ces']),
  /** The reason question after the score, per class of answer; none when absent. */
  reasons: reasonsConfig.optional(),
  /** The program's own words per language (question, scale ends, labels, comment prompt, CES); the catalog's otherwise. */
  wording: wordingConfig.optional(),
  ...programOverride.shape,
});

/** How one store presents itself in emails and pages, who hears about its detractors, and its own program rules. */
export const storeConfig = z.strictObject({
  brandName: displayText(100),
  sender: z.strictObject({
    email: z.email(),
    name: z
      .string()
      .max(100)
      .regex(/^[^\r\n"<>]*$/, 'no quotes, angle brackets or line breaks')
      .optional(),
  }),
  replyTo: z.email().optional(),
  defaultLocale: z._default(locale, 'en'),
  primaryColour: hexColour.default('#1f6feb'),
  logoUrl: httpsUrl.optional(),
  /** Staff who get detractor alerts, and who hear of a case still unacknowledged at its deadline. */
  staff: z
    .strictObject({
      alertRecipients: z.array(z.email()).max(50).default([]),
      escalationRecipients: z.array(z.email()).max(50).default([]),
      /**
       * A Slack-compatible incoming webhook that gets every detractor alert as `{"text": …}` (an EventBridge API
       * destination in AWS). The URL is a credential: keep the configuration file private.
       */
      chatWebhookUrl: webhookUrl.optional(),
      /** Who gets the weekly digest (Mondays, for the week before) and a score-drop alert (`scoreDrop`). */
      digestRecipients: z.array(z.email()).max(50).default([]),
      /** The language of digests and score-drop alerts; the store's `defaultLocale` when not set. */
      locale: z.optional(locale),
    })
    .prefault({}),
  /** What happens after a detractor answer (NPS 0–6, CSAT 1–2, CES 1–3). */
  followUp: z
    .strictObject({
      /** The case's deadline after the answer, promised to the customer: unacknowledged by then, it escalates. */
      within: duration.prefault('24h'),
      /** Whether the customer gets the short "sorry, we will contact you" email. */
      customerEmail: z.boolean().default(true),
      /**
       * Survey the customer again this long after their case is resolved; `false` (the default) does not. The
       * program's own throttle is waived for it; suppression, the cross-program gap and the daily cap still apply.
       */
      resurveyAfter: z.union([duration, z.literal(false)]).default(false),
    })
    .prefault({}),
  /** What happens after a promoter answer (NPS 9–10, CSAT 5). */
  promoters: z
    .strictObject({
      thankYou: z.boolean().default(true),
      /** The store's referral programme, shown in the thank-you and carried by `Promoter Identified`. */
      referralUrl: httpsUrl.optional(),
    })
    .prefault({}),
  /**
   * A public review page (Google, Trustpilot …). When set, every respondent is invited to review, whatever their
   * score: inviting only happy customers ("review gating") breaks Google's review policy.
   */
  reviewUrl: httpsUrl.optional(),
  programs: z.record(z.string(), programOverride).default({}),
});

/**
 * A signing secret of a connected source: in AWS the name of a Secrets Manager secret (the synth refuses a
 * value); locally either, a value being seeded into the local Secrets Manager under a name of its own.
 */
const sourceSecret = z.union([
  z.strictObject({ secretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'a Secrets Manager secret name') }),
  z.strictObject({ value: z.string().min(16, 'at least 16 characters').max(1024) }),
]);

/** An id of a connected source: it names the route `POST /hooks/{sourceId}` and the source's status. */
export const sourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lowercase letters, digits and - (at most 48), such as woocommerce');

/** Stores' platforms connected without code: each source's deliveries are translated into closeloop's contracts. */
const sourcesConfig = z.strictObject({
  /** Shopify's webhooks through its Amazon EventBridge partner event source. */
  shopify: z
    .strictObject({
      eventSourceName: z
        .string()
        .regex(
          /^aws\.partner\/shopify\.com\/[0-9]+\/[A-Za-z0-9._-]{1,200}$/,
          'the partner event source name, such as aws.partner/shopify.com/123456/closeloop',
        ),
      /** Shop domain (`acme.myshopify.com`) → closeloop store id; a shop not listed is refused with its reason. */
      shops: z
        .record(
          z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'a shop domain such as acme.myshopify.com'),
          externalId,
        )
        .refine((shops) => Object.keys(shops).length > 0, { message: 'map at least one shop to a store' }),
      /** When the purchase counts: after fulfilment (Delighted's advice: survey after delivery) or after payment. */
      purchaseTopic: z.enum(['orders/fulfilled', 'orders/paid']).default('orders/fulfilled'),
    })
    .optional(),
  /** Zendesk's webhooks from a trigger (solved; reopened), signed with the webhook's signing secret. */
  zendesk: z
    .strictObject({
      signingSecret: sourceSecret,
      /** The store of every ticket, or per brand (as the trigger body's `ticket.brand` names it) with a fallback. */
      store: z.union([
        externalId,
        z.strictObject({
          brands: z.record(z.string().min(1).max(100), externalId),
          default: z.optional(externalId),
        }),
      ]),
    })
    .optional(),
  /** Any platform that signs with Standard Webhooks, posting closeloop's own contracts to `/hooks/{sourceId}`. */
  webhooks: z.record(sourceId, z.strictObject({ secret: sourceSecret })).default({}),
});

const programId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lowercase letters, digits and - (at most 48), such as purchase-nps');

/** The programs closeloop runs when the configuration names none. */
export const DEFAULT_PROGRAMS = {
  'purchase-nps': { trigger: 'Purchase Completed', survey: 'nps' },
  'ticket-csat': { trigger: 'Ticket Closed', survey: 'csat+ces' },
} as const satisfies Record<string, z.input<typeof programConfig>>;

/**
 * closeloop's configuration: one JSON file, validated at start-up and at synth, so a mistake stops both with a
 * message naming the field. The key `*` in `stores` serves every store id not listed.
 */
export const closeloopConfig = z
  .strictObject({
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
      .strictObject({
        domain: z
          .string()
          .regex(
            /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
            'a mail domain such as replies.example.com',
          ),
      })
      .optional(),
    survey: z
      .strictObject({
        validForDays: z.number().int().min(1).max(90).default(30),
      })
      .prefault({}),
    programs: z
      .record(programId, programConfig)
      .refine((programs) => Object.keys(programs).length > 0, { message: 'configure at least one program' })
      .default(DEFAULT_PROGRAMS),
    /** Across all programs, reminders included: at most one survey email per customer within this window. */
    fatigue: z.strictObject({ minimumGap: duration.prefault('3d') }).prefault({}),
    /**
     * How long closeloop keeps surveys, answers and follow-up cases (personal data) after they were made; DynamoDB's
     * TTL deletes them after that. The aggregate counts have no personal data and stay. `false`: kept until erased.
     */
    retention: z.strictObject({ surveys: z.union([duration, z.literal(false)]).default(false) }).prefault({}),
    /**
     * Who may put events on closeloop's bus: the IAM role or user ARNs of the stores' producers (wildcards allowed).
     * Set, the bus refuses everyone else in the account; empty, any principal with events:PutEvents may. Nobody but
     * closeloop's functions may ever put events with source `closeloop`.
     */
    bus: z
      .strictObject({
        producers: z
          .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/*-]+$/, 'an IAM role or user ARN'))
          .max(50)
          .default([]),
      })
      .prefault({}),
    /**
     * Who hears closeloop's alarms (dead letters, errors, backlogs, a stopped schedule, SES reputation): an email
     * address subscribed to the alarm topic, and optionally a chat's incoming webhook. `tracing` turns on X-Ray with
     * every SDK call as a subsegment; it adds ~65 ms to each cold start (`npm run bench`), so it is off by default.
     */
    operations: z
      .strictObject({
        alarmEmail: z.email().optional(),
        chatWebhookUrl: httpsUrl.optional(),
        tracing: z.boolean().default(false),
      })
      .prefault({}),
    /** Stores' platforms connected without code (README, Connectors). */
    sources: sourcesConfig.prefault({}),
    /** The themes comments are tagged with, and their phrases per language (README, The outer loop). */
    themes: themesConfig,
    /** Comments classified by Amazon Bedrock into the same themes, with a sentiment; the phrase matcher otherwise. */
    commentAnalysis: commentAnalysisConfig.prefault({}),
    /** What staff may give as a resolved case's root cause. */
    rootCauses: rootCausesConfig,
    /**
     * A score-drop alert, at most once per store, program and week: when the NPS (or CSAT %) of the last 7 days is
     * `points` or more below that of the 28 days before, each period with at least `minResponses` answers.
     */
    scoreDrop: z
      .strictObject({
        points: z.number().positive().max(200).default(10),
        minResponses: z.number().int().min(1).max(100_000).default(20),
      })
      .prefault({}),
    /** The weekly digest goes out on Mondays from this hour (UTC), for the ISO week before. */
    digests: z.strictObject({ hourUtc: z.number().int().min(0).max(23).default(7) }).prefault({}),
    sending: z
      .strictObject({
        /** The SES account's maximum send rate (emails per second) that closeloop keeps under. */
        maxPerSecond: z.number().positive().max(10_000).default(14),
        /**
         * Seconds one sender spends on one email (the SendSurvey function's duration per record): with
         * `maxPerSecond` it sizes the senders' concurrency so that the SES quota is what binds.
         */
        secondsPerSend: z.number().positive().max(10).default(0.15),
      })
      .prefault({}),
    /** What closeloop is sized for: its busiest second, and how long a send backlog may take before it alarms. */
    scale: z
      .strictObject({
        /** The expected busiest second (surveys scheduled a second, e.g. a Black Friday): sizes the due-time index. */
        peakSurveysPerSecond: z.number().positive().max(100_000).default(50),
        /** Alarm when the send queue's backlog would take longer than this to send at `sending.maxPerSecond`. */
        backlogAlarmMinutes: z.number().int().positive().max(10_080).default(240),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    for (const id of Object.keys(config.sources.webhooks))
      if (id === 'zendesk' || id === 'shopify')
        context.addIssue({
          code: 'custom',
          path: ['sources', 'webhooks', id],
          message: `"${id}" has its own connector (sources.${id}); name this source otherwise`,
        });
    for (const [storeId, store] of Object.entries(config.stores)) {
      for (const id of Object.keys(store.programs)) {
        if (!(id in config.programs))
          context.addIssue({
            code: 'custom',
            path: ['stores', storeId, 'programs', id],
            message: `no program "${id}" is configured (known: ${Object.keys(config.programs).join(', ')})`,
          });
      }
    }
  });

export type CloseloopConfig = z.output<typeof closeloopConfig>;
export type StoreConfig = z.output<typeof storeConfig>;
export type SourcesConfig = z.output<typeof sourcesConfig>;
export type SourceSecret = z.output<typeof sourceSecret>;
export type ProgramConfig = z.output<typeof programConfig>;
