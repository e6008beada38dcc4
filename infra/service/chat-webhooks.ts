import { Duration, SecretValue } from 'aws-cdk-lib';
import {
  ApiDestination,
  Authorization,
  Connection,
  EventField,
  HttpMethod as EventsHttpMethod,
  Rule,
  RuleTargetInput,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import { publicWebhookProblem } from '../../shared/config/public-url.ts';
import { type ChatWebhook, webhookPattern } from '../../shared/topology/wiring.ts';
import { deadLetterQueueOf, type ServiceContext } from './context.ts';

/**
 * Chat webhooks: for each store with a webhook URL, a rule on its own events with an API destination, retried for a
 * day and then dead-lettered.
 */
export function chatWebhooks(context: ServiceContext): void {
  const { stack, props } = context;
  // CDK's EventPattern type spells the fields in camelCase; the wiring's pattern is EventBridge's own JSON.
  const webhookPatternOf = (webhook: ChatWebhook, storeId: string) => {
    const { 'detail-type': detailType, ...rest } = webhookPattern(webhook, storeId, Object.keys(props.config.stores));
    return { ...rest, detailType };
  };
  for (const webhook of props.wiring.webhooks) {
    const stores = Object.entries(props.config.stores).filter(([, store]) => store.staff.chatWebhookUrl);
    if (stores.length === 0) continue;
    const deadLetterQueue = deadLetterQueueOf(context, webhook.id, 'the chat webhook rule targets');
    // Incoming webhooks take no credentials but the URL itself; EventBridge connections require some, so this
    // one sends a header the chat ignores.
    const connection = new Connection(stack, `${webhook.id}Connection`, {
      description: 'Chat incoming webhooks: the URL is the credential',
      authorization: Authorization.apiKey('x-closeloop', SecretValue.unsafePlainText('incoming-webhook')),
    });
    const body = RuleTargetInput.fromObject(
      Object.fromEntries(Object.entries(webhook.body).map(([field, path]) => [field, EventField.fromPath(path)])),
    );
    for (const [storeId, store] of stores) {
      const url = store.staff.chatWebhookUrl as string;
      const problem = publicWebhookProblem(url);
      if (problem !== undefined) throw new Error(`stores.${storeId}.staff.chatWebhookUrl ${problem} (got ${url})`);
      const name = storeId === '*' ? 'AnyStore' : storeId.replace(/[^A-Za-z0-9]/g, '');
      const destination = new ApiDestination(stack, `${webhook.id}${name}Destination`, {
        connection,
        endpoint: url,
        httpMethod: EventsHttpMethod.POST,
        rateLimitPerSecond: 1,
      });
      new Rule(stack, `${webhook.id}${name}Rule`, {
        eventBus: props.data.bus,
        description: `${webhook.description} (store ${storeId})`,
        eventPattern: webhookPatternOf(webhook, storeId),
        targets: [
          new ApiDestinationTarget(destination, {
            event: body,
            retryAttempts: 185,
            maxEventAge: Duration.hours(24),
            deadLetterQueue,
          }),
        ],
      });
    }
  }
}
