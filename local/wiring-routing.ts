import type { CloseloopConfig } from '../shared/config/schema.ts';
import { kebab, type Wiring, webhookPattern } from '../shared/topology/wiring.ts';
import type { LocalRule } from './aws/eventbridge-api.ts';
import type { QueueStore } from './aws/queue-store.ts';
import { ACCOUNT } from './aws/sqs-api.ts';
import { queueNames, REGION } from './resources.ts';
import type { RuntimeOptions } from './runtime.ts';

/**
 * The wiring made local: each consumer's queue and dead-letter queue (with its redrive), the bus rules into them,
 * and the chat webhooks' rules. The CDK stack builds the same from the same wiring.
 */
export function localQueuesAndRules(
  wiring: Wiring,
  config: CloseloopConfig,
  queues: QueueStore,
  options: Pick<RuntimeOptions, 'retryBaseMs' | 'log'>,
): LocalRule[] {
  const rules: LocalRule[] = [];
  for (const consumer of wiring.consumers) {
    const names = queueNames(consumer);
    queues.define({ name: names.deadLetterQueue, visibilityTimeoutSeconds: 30 });
    queues.define({
      name: names.queue,
      visibilityTimeoutSeconds: consumer.queue.visibilityTimeoutSeconds,
      // The handler dead-letters on the last delivery itself, with a reason; this catches crashes and timeouts.
      redrive: { deadLetterQueue: names.deadLetterQueue, maxReceiveCount: consumer.queue.maxReceiveCount },
    });
    // SES's rules sit on closeloop's bus locally (one bus stands for the account's default one); Shopify's on the
    // partner bus the configuration names, when it names one.
    const bus = consumer.rule?.bus === 'shopify' ? config.sources.shopify?.eventSourceName : wiring.busName;
    if (consumer.rule && bus !== undefined)
      rules.push({ name: `${consumer.id}Rule`, bus, pattern: consumer.rule.pattern, queue: names.queue });
  }
  rules.push(...webhookRules(wiring, config, queues, options));
  return rules;
}

/** The event an EventBridge schedule rule gives its target; `time` is the moment the run stands for. */
export function scheduledEvent(id: string, time: Date) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${id}Schedule`],
    detail: {},
  };
}

/** `$.detail.summary` → that value of the event (what an input transformer's path names). */
function atPath(event: Record<string, unknown>, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
}

/**
 * Chat webhooks as API destinations: per store with a webhook URL, a rule whose target POSTs the transformed
 * body, retried with backoff, and dead-lettered with its reason when the endpoint keeps refusing.
 */
function webhookRules(
  wiring: Wiring,
  config: CloseloopConfig,
  queues: QueueStore,
  options: Pick<RuntimeOptions, 'retryBaseMs' | 'log'>,
): LocalRule[] {
  const storeIds = Object.keys(config.stores);
  return wiring.webhooks.flatMap((webhook) => {
    const deadLetterQueue = `${kebab(webhook.id)}-dlq`;
    queues.define({ name: deadLetterQueue, visibilityTimeoutSeconds: 30 });
    return Object.entries(config.stores).flatMap(([storeId, store]) => {
      const url = store.staff.chatWebhookUrl;
      if (url === undefined) return [];
      const deliver = async (event: Record<string, unknown>) => {
        const body = JSON.stringify(
          Object.fromEntries(Object.entries(webhook.body).map(([field, path]) => [field, atPath(event, path)])),
        );
        let reason = '';
        for (let attempt = 0; attempt < 4; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, options.retryBaseMs * 2 ** (attempt - 1)));
          try {
            const response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(5000),
            });
            if (response.ok) return;
            reason = `HTTP ${response.status}`;
            // As API destinations do: 4xx other than 429 will not get better.
            if (response.status < 500 && response.status !== 429) break;
          } catch (error) {
            reason = (error as Error).message;
          }
        }
        queues.send(deadLetterQueue, JSON.stringify(event), {
          reason: { DataType: 'String', StringValue: `${webhook.id} → ${url}: ${reason}`.slice(0, 1000) },
        });
        options.log(`${webhook.id} for ${storeId} failed; dead-lettered: ${reason}`);
      };
      return [
        {
          name: `${webhook.id}${storeId === '*' ? 'AnyStore' : storeId}Rule`,
          pattern: webhookPattern(webhook, storeId, storeIds),
          deliver: (event: Record<string, unknown>) => void deliver(event),
        },
      ];
    });
  });
}
