import type { ZodMiniType } from 'zod/mini';
import type { CloseloopConfig } from '../config/schema.ts';
import { lowerCaseKeys, type Mapped } from '../contracts/connectors/mapping.ts';
import { mapShopify } from '../contracts/connectors/shopify.ts';
import { mapStandardWebhook } from '../contracts/connectors/standard-webhook.ts';
import { mapZendesk } from '../contracts/connectors/zendesk.ts';
import { readDetail } from '../contracts/contract.ts';
import { inboundContracts } from '../contracts/inbound.ts';
import { formatIssues } from '../contracts/issues.ts';
import { DomainError, InvalidInput, UnknownSource, WebhookRejected } from '../domain/errors.ts';
import { verifyStandardWebhook, verifyZendeskWebhook } from '../domain/webhook-signature.ts';
import type { Clock } from '../ports/clock.ts';
import type { InboundEvents, SourceLog, SourceSecrets } from '../ports/sources.ts';

export interface SourceDeps {
  config: CloseloopConfig;
  log: SourceLog;
  inbound: InboundEvents;
  clock: Clock;
}

/** The EventBridge `source` of what a connector puts: never `closeloop`, so it counts as the store's event. */
export const sourceName = (sourceId: string) => `closeloop.source.${sourceId}`;

/** A delivery id stays taken this long: far past the 5-minute signature window in which a replay could pass. */
const KEEP_DELIVERY_MS = 24 * 60 * 60 * 1000;

export type SourceResult = { status: 'accepted'; detailType: string } | { status: 'ignored'; reason: string };

/** The mapped event must satisfy its contract as any producer's would: a refusal names the field. */
function checkContract(mapped: Extract<Mapped, { kind: 'event' }>): void {
  const contract = inboundContracts.find((candidate) => candidate.detailType === mapped.detailType);
  if (contract === undefined) throw new InvalidInput(`No inbound contract ${mapped.detailType}`);
  const { result } = readDetail<ZodMiniType>(contract, mapped.detail);
  if (!result.success)
    throw new InvalidInput(`Invalid ${mapped.detailType} detail`, formatIssues(result.error, 'detail'));
}

/**
 * Puts what a source delivered on the bus, once per delivery id, and records the outcome. A refusal (bad input,
 * a rejected signature) is recorded with its reason and thrown on; a failure to put gives the delivery back so
 * that the sender's retry is taken.
 */
async function deliver(
  deps: SourceDeps,
  sourceId: string,
  deliveryId: string | undefined,
  produce: () => Mapped,
  /** A webhook replayed is refused (401); a platform's at-least-once redelivery is merely ignored. */
  onRepeat: 'refuse' | 'ignore',
): Promise<SourceResult> {
  const now = deps.clock.now();
  let mapped: Mapped;
  try {
    mapped = produce();
    if (mapped.kind === 'event') checkContract(mapped);
  } catch (error) {
    if (error instanceof DomainError) await deps.log.record(sourceId, 'refused', now, { reason: error.message });
    throw error;
  }
  if (mapped.kind === 'ignored') {
    await deps.log.record(sourceId, 'ignored', now);
    return { status: 'ignored', reason: mapped.reason };
  }
  if (
    deliveryId !== undefined &&
    !(await deps.log.claimDelivery(sourceId, deliveryId, new Date(now.getTime() + KEEP_DELIVERY_MS)))
  ) {
    if (onRepeat === 'ignore') {
      await deps.log.record(sourceId, 'ignored', now);
      return { status: 'ignored', reason: 'delivered before' };
    }
    const reason = 'This delivery was received before (a replay)';
    await deps.log.record(sourceId, 'refused', now, { reason, what: mapped.what });
    throw new WebhookRejected(reason);
  }
  try {
    await deps.inbound.put(sourceName(sourceId), mapped.detailType, mapped.detail);
  } catch (error) {
    if (deliveryId !== undefined) await deps.log.releaseDelivery(sourceId, deliveryId);
    throw error;
  }
  await deps.log.record(sourceId, 'mapped', now);
  return { status: 'accepted', detailType: mapped.detailType };
}

/** Headers of an HTTP delivery, names in lower case. */
export interface WebhookRequest {
  sourceId: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new InvalidInput('The body is not JSON');
  }
}

/**
 * `POST /hooks/zendesk` and `POST /hooks/{sourceId}`: verify the signature (Zendesk's, or Standard Webhooks'),
 * refuse a stale or replayed delivery, map the body to closeloop's contract and put it on the bus.
 */
export async function receiveWebhook(
  deps: SourceDeps & { secrets: SourceSecrets },
  request: WebhookRequest,
): Promise<SourceResult> {
  const { sourceId, headers, body } = request;
  const zendesk = sourceId === 'zendesk' ? deps.config.sources.zendesk : undefined;
  const standard = deps.config.sources.webhooks[sourceId];
  if (zendesk === undefined && standard === undefined)
    throw new UnknownSource(`No source "${sourceId.slice(0, 48)}" is configured`);

  const now = deps.clock.now();
  const secret = await deps.secrets.secretOf(sourceId);
  let deliveryId: string;
  try {
    deliveryId = zendesk
      ? verifyZendeskWebhook(
          {
            signature: headers['x-zendesk-webhook-signature'] ?? '',
            timestamp: headers['x-zendesk-webhook-signature-timestamp'] ?? '',
          },
          body,
          secret,
          now,
        ).deliveryId
      : verifyStandardWebhook(
          {
            id: headers['webhook-id'] ?? '',
            timestamp: headers['webhook-timestamp'] ?? '',
            signature: headers['webhook-signature'] ?? '',
          },
          body,
          secret,
          now,
        ).deliveryId;
  } catch (error) {
    if (error instanceof WebhookRejected) await deps.log.record(sourceId, 'refused', now, { reason: error.message });
    throw error;
  }
  return deliver(
    deps,
    sourceId,
    deliveryId,
    () => {
      const json = parseJson(body);
      return zendesk ? mapZendesk(json, zendesk) : mapStandardWebhook(json);
    },
    'refuse',
  );
}

/** One Shopify webhook from the partner event source; its webhook id makes redeliveries one. */
export async function receiveShopifyEvent(deps: SourceDeps, detail: unknown): Promise<SourceResult> {
  const shopify = deps.config.sources.shopify;
  if (shopify === undefined) throw new InvalidInput('sources.shopify is not configured');
  const metadata = (detail as { metadata?: Record<string, unknown> } | null)?.metadata;
  const deliveryId = lowerCaseKeys(metadata)['x-shopify-webhook-id'] || undefined;
  return deliver(deps, 'shopify', deliveryId, () => mapShopify(detail, shopify), 'ignore');
}
