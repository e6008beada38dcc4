import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { signSurveyToken } from '#shared/domain/survey-token.ts';
import { emailHash } from '#shared/domain/unsubscribe-token.ts';
import {
  credentials,
  eventually,
  type InboxEmail,
  inbox,
  localClients,
  purchaseDetail,
  putPurchase,
  region,
  unique,
} from './runtime.ts';

const { urls, eventBridge, dynamo } = localClients();

/**
 * Every survey closeloop holds for a customer id, whole: the customer's index (gsi4) holds their keys only, so each
 * is read by its key, as erasure reads them.
 */
export async function surveysOfCustomer(customerId: string): Promise<Record<string, unknown>[]> {
  const { Items: listed = [] } = await dynamo.send(
    new QueryCommand({
      TableName: 'closeloop',
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.surveysOfCustomer(customerId, '', '').gsi4pk },
    }),
  );
  if (listed.length === 0) return [];
  const { Responses = {}, UnprocessedKeys = {} } = await dynamo.send(
    new BatchGetCommand({
      RequestItems: { closeloop: { Keys: listed.map((item) => ({ pk: item.pk, sk: item.sk })), ConsistentRead: true } },
    }),
  );
  if (Object.keys(UnprocessedKeys).length > 0) throw new Error('DynamoDB Local left keys of a batch unread');
  const byKey = new Map((Responses.closeloop ?? []).map((item) => [String(item.pk), item]));
  return listed.flatMap((item) => byKey.get(String(item.pk)) ?? []);
}

/** The local deployment's link-signing key, read as the functions read it. */
export async function localSigningKey() {
  const secrets = new SecretsManagerClient({ endpoint: urls.events, region, credentials });
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: 'closeloop/link-signing-key' }));
  const parsed = JSON.parse(SecretString ?? '{}') as { kid: string; secret: string };
  return { kid: parsed.kid, secret: Buffer.from(parsed.secret, 'utf8') };
}

export async function signLocal(surveyId: string, expiresAt: Date) {
  return signSurveyToken({ surveyId, expiresAt }, await localSigningKey());
}

/**
 * A survey as a customer gets it: a purchase put on the bus (from a store of its own, so its aggregates are its
 * own), the email waited for, its eleven links and token.
 */
/** The survey an email's answer links open: its id, from the signed token in the first `/s/` link. */
export function surveyIdOf(email: InboxEmail | undefined): string {
  const link = [...(email?.body.html ?? '').matchAll(/href="([^"]+)"/g)]
    .map((m) => new URL((m[1] ?? '').replaceAll('&amp;', '&')))
    .find((url) => url.pathname.startsWith('/s/'));
  return link?.pathname.split('/')[2]?.split('.')[2] ?? '';
}

export async function surveyEmail(overrides: Record<string, unknown> = {}) {
  const detail = purchaseDetail({ storeId: unique('store'), ...overrides });
  await putPurchase(eventBridge, detail);
  const [email] = await eventually(async () => {
    const emails = await inbox(urls.ses, detail.customer.email);
    return emails.length > 0 ? emails : undefined;
  }, 'the survey email');
  const hrefs = [...(email?.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) =>
    (m[1] ?? '').replaceAll('&amp;', '&'),
  );
  // The answer links; the footer's unsubscribe link apart.
  const links = hrefs.filter((href) => new URL(href).pathname.startsWith('/s/'));
  const unsubscribeUrl = hrefs.find((href) => new URL(href).pathname.startsWith('/u/')) ?? '';
  const token = new URL(links[0] ?? '').pathname.split('/')[2] ?? '';
  const surveyId = token.split('.')[2] ?? '';
  return {
    detail,
    email,
    links,
    unsubscribeUrl,
    token,
    surveyId,
    storeId: detail.storeId as string,
    answerUrl: `${urls.http}/s/${token}`,
  };
}

export async function storedResponse(surveyId: string) {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: 'closeloop', Key: keys.response(surveyId), ConsistentRead: true }),
  );
  return Item;
}

export async function aggregate(
  storeId: string,
  day = new Date().toISOString().slice(0, 10),
  program = 'purchase-nps',
) {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: 'closeloop', Key: keys.aggregate(storeId, program, day), ConsistentRead: true }),
  );
  return Item;
}

/** The `Survey Answered` events the local bus carried for one survey. */
export async function answeredEvents(surveyId: string) {
  const all = (await (await fetch(`${urls.events}/events?detail-type=Survey%20Answered`)).json()) as {
    event: { detail: Record<string, unknown> };
  }[];
  return all.map(({ event }) => event.detail).filter((detail) => detail.surveyId === surveyId);
}

export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  // A recorded answer redirects to its finished page (post/redirect/get): followed, as a browser does.
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), headers });
}

export function postJson(url: string, body: unknown) {
  return fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

/**
 * Puts a purchase for `email` at a store of its own and waits for its survey to be skipped: the reason, and that
 * no second email reached the address (the first is the one the test sent before).
 */
export async function nextSurveySkipReason(email: string) {
  const detail = purchaseDetail({ storeId: unique('store'), customer: { id: unique('cus'), email } });
  await putPurchase(eventBridge, detail);
  const reason = await eventually(async () => {
    const response = await fetch(`${urls.events}/events?detail-type=Survey%20Skipped`);
    const events = (await response.json()) as { event: { detail: { trigger: { id: string }; reason: string } } }[];
    return events.find(({ event }) => event.detail.trigger.id === detail.orderId)?.event.detail.reason;
  }, 'the next survey skipped');
  expect(await inbox(urls.ses, email)).toHaveLength(1);
  return reason;
}

/** The suppression list's entry for an address, if any. */
export async function suppressionOf(email: string) {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: 'closeloop', Key: keys.suppression(emailHash(email)), ConsistentRead: true }),
  );
  return Item;
}
