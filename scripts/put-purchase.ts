import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

/**
 * Puts one `Purchase Completed` on the local bus, as a store would, with the plain AWS SDK.
 * Usage: npm run demo:purchase -- [customer-email] [store-id]
 */
const [email = 'ana.silva@example.com', storeId = 'store-berlin'] = process.argv.slice(2);
const endpoint = process.env.CLOSELOOP_EVENTS_URL ?? 'http://127.0.0.1:4010';
const eventBridge = new EventBridgeClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const orderId = `ord-${Date.now()}`;
const result = await eventBridge.send(
  new PutEventsCommand({
    Entries: [
      {
        EventBusName: 'closeloop',
        Source: 'acme.webshop',
        DetailType: 'Purchase Completed',
        Detail: JSON.stringify({
          orderId,
          storeId,
          customer: { id: `cus-${email}`, email, name: 'Ana Silva', locale: 'en' },
          total: 42.5,
          currency: 'EUR',
          items: [{ sku: 'beans-ethiopia-250', name: 'Ethiopia Guji, 250 g', quantity: 2, unitPrice: 21.25 }],
          occurredAt: new Date().toISOString(),
        }),
      },
    ],
  }),
);
console.log(`put ${orderId}: ${JSON.stringify(result.Entries)}; open http://127.0.0.1:8005 to see the email`);
