import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

/**
 * Puts one store event on the local bus, as a store would, with the plain AWS SDK.
 * Usage: npm run demo:purchase -- [customer-email] [store-id]
 *        npm run demo:ticket -- [customer-email] [store-id]
 * (both are `node scripts/put-event.ts <purchase|ticket> ...`).
 */
const [kind, email = 'ana.silva@example.com', storeId = 'store-berlin'] = process.argv.slice(2);
// The ports `npm start` listens on, from the same variables (CLOSELOOP_EVENTS_URL names the whole endpoint).
const endpoint = process.env.CLOSELOOP_EVENTS_URL || `http://127.0.0.1:${process.env.CLOSELOOP_EVENTS_PORT || 4010}`;
const inbox = `http://127.0.0.1:${process.env.CLOSELOOP_SES_PORT || 8005}`;
const now = new Date();
const customer = { id: `cus-${email}`, email, name: 'Ana Silva', locale: 'en' };

function entry(): { id: string; detailType: string; detail: object } {
  if (kind === 'purchase') {
    const orderId = `ord-${now.getTime()}`;
    return {
      id: orderId,
      detailType: 'Purchase Completed',
      detail: {
        orderId,
        storeId,
        customer,
        total: 42.5,
        currency: 'EUR',
        items: [{ sku: 'beans-ethiopia-250', name: 'Ethiopia Guji, 250 g', quantity: 2, unitPrice: 21.25 }],
        occurredAt: now.toISOString(),
      },
    };
  }
  if (kind === 'ticket') {
    const ticketId = `T-${now.getTime()}`;
    return {
      id: ticketId,
      detailType: 'Ticket Closed',
      detail: {
        ticketId,
        storeId,
        customer,
        agent: { id: 'agent-7', name: 'Jonas' },
        channel: 'chat',
        subject: 'Grinder arrived broken',
        openedAt: new Date(now.getTime() - 3 * 3600_000).toISOString(),
        closedAt: now.toISOString(),
      },
    };
  }
  throw new Error(`usage: node scripts/put-event.ts <purchase|ticket> [email] [store-id]; got kind "${kind}"`);
}

const { id, detailType, detail } = entry();
const eventBridge = new EventBridgeClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const result = await eventBridge.send(
  new PutEventsCommand({
    Entries: [
      {
        EventBusName: 'closeloop',
        Source: 'acme.webshop',
        DetailType: detailType,
        Detail: JSON.stringify(detail),
      },
    ],
  }),
);
console.log(`put ${detailType} ${id}: ${JSON.stringify(result.Entries)}; open ${inbox} to see the email`);
