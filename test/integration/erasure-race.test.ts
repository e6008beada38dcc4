import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import { eventually, localClients, purchaseDetail, putPurchases, staffFetch, unique } from '../support/runtime.ts';
import { postForm, signLocal } from '../support/surveys.ts';

const { urls, dynamo, sqs, eventBridge } = localClients();
const CUSTOMERS = 30;

/** Every item of the table that holds any of `traces`. */
async function itemsHolding(traces: readonly string[]) {
  const found: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: 'closeloop', ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      const text = JSON.stringify(item);
      if (traces.some((trace) => text.includes(trace))) found.push(item);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

async function queueUrl(name: string) {
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
}

/** Until the close-loop queue has nothing waiting and nothing in flight: every answer's loop has run. */
async function loopQuiet() {
  const url = await queueUrl('close-loop');
  await eventually(
    async () => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
      );
      return Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0'
        ? true
        : undefined;
    },
    'the close-loop queue drained',
    120_000,
  );
}

async function deadLettersHolding(queue: string, traces: readonly string[]) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: await queueUrl(queue), MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  return Messages.filter((message) => traces.some((trace) => message.Body?.includes(trace)));
}

describe('erasure racing an answer', () => {
  it(`leaves no trace of any of ${CUSTOMERS} detractors erased 0–225 ms after they answered`, async () => {
    // Prepare: a survey each, at a store that opens cases and alerts staff
    const customers = Array.from({ length: CUSTOMERS }, () => ({
      id: unique('cus-erased'),
      email: `${unique('erin')}@example.com`,
      name: `Erin ${unique('name')}`,
      comment: `Call me on ${unique('phone')}`,
    }));
    const purchases = customers.map(({ comment: _comment, ...customer }) =>
      purchaseDetail({ storeId: 'store-loop', customer }),
    );
    await putPurchases(eventBridge, purchases);
    // Each survey as soon as it exists (its email may still be queued behind the SES rate): its signed link.
    const answerUrls = await Promise.all(
      purchases.map(async (purchase) => {
        const surveyId = surveyIdFor('purchase-nps', 'store-loop', { type: 'order', id: purchase.orderId });
        await eventually(
          async () =>
            (
              await dynamo.send(
                new GetCommand({ TableName: 'closeloop', Key: keys.survey(surveyId), ConsistentRead: true }),
              )
            ).Item,
          `survey ${surveyId}`,
          60_000,
        );
        return `${urls.http}/s/${await signLocal(surveyId, new Date(Date.now() + 7 * 86_400_000))}`;
      }),
    );
    // Act: each answers as a detractor and is erased at once, or up to 225 ms later
    const erasures = await Promise.all(
      customers.map(async (customer, i) => {
        const answer = postForm(answerUrls[i] ?? '', { score: '1', comment: customer.comment });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 225));
        const erased = await staffFetch(`${urls.http}/api/customers/${customer.id}`, { method: 'DELETE' });
        await answer;
        return erased.status;
      }),
    );
    // Assess: every erasure answered, and once every loop has run nothing names, mails or quotes any of them
    expect(erasures).toEqual(customers.map(() => 200));
    await loopQuiet();
    const traces = customers.flatMap((c) => [c.email, c.name, c.comment]);
    expect(await itemsHolding(traces)).toEqual([]);
    expect(await deadLettersHolding('close-loop-dlq', traces)).toEqual([]);
    // Thirty answers' loops on a runtime other test files share.
  }, 240_000);
});
