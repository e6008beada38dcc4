import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  deadLetter,
  deadLettersFor,
  eventually,
  inbox,
  localClients,
  purchaseDetail,
  putPurchase,
  staffFetch,
  unique,
} from '../support/runtime.ts';
import { postForm, postJson, storedResponse, surveyEmail, surveysOfCustomer } from '../support/surveys.ts';

const { urls, eventBridge, sqs } = localClients();

interface BadEvent {
  name: string;
  detailType: string;
  /** The field the dead letter's reason must name. */
  field: string;
  detail: Record<string, unknown>;
}

/** The corpus: `{marker}` becomes a value unique to the run, so each event's traces can be found. */
const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../fixtures/bad-input/events.json'), 'utf8'),
) as BadEvent[];

const put = (detailType: string, detail: unknown, source = 'acme.webshop') =>
  eventBridge.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: 'closeloop', Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }],
    }),
  );

/** Every item closeloop holds for a customer id: none for a rejected event. */
const itemsOfCustomer = (customerId: string) => surveysOfCustomer(customerId);

describe('a corpus of malformed events', () => {
  it('dead-letters each with a reason naming the field, writes nothing, sends nothing, and keeps working', async () => {
    // Prepare
    const cases = corpus.map((bad) => {
      const marker = unique('bad');
      return { ...bad, marker, detail: JSON.parse(JSON.stringify(bad.detail).replaceAll('{marker}', marker)) };
    });

    // Act: the whole corpus in one burst
    for (const bad of cases) expect((await put(bad.detailType, bad.detail)).FailedEntryCount, bad.name).toBe(0);

    // Assess
    const { letters, queueUrl } = await deadLettersFor(
      'schedule-survey-dlq',
      cases.map((bad) => bad.marker),
    );
    for (const bad of cases) {
      const letter = letters.get(bad.marker);
      expect(letter?.MessageAttributes?.errorName?.StringValue, bad.name).toBe('InvalidInput');
      expect(letter?.MessageAttributes?.reason?.StringValue, bad.name).toContain(bad.field);
      expect(await itemsOfCustomer(`cus-${bad.marker}`), bad.name).toEqual([]);
      expect(await inbox(urls.ses, `${bad.marker}@example.com`), bad.name).toEqual([]);
    }
    // read: out of the way of other tests' dead letters
    for (const letter of letters.values())
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: letter.ReceiptHandle }));
    // the consumer did not crash: a good purchase right after still becomes a survey email
    const good = purchaseDetail();
    await putPurchase(eventBridge, good);
    await eventually(
      async () => ((await inbox(urls.ses, good.customer.email)).length === 1 ? true : undefined),
      'a survey',
    );
  });

  it('surveys a purchase whose optional values are odd, without those values', async () => {
    // Each odd optional value alone: once it refused the whole event, and the survey was lost.
    const odd: [string, Record<string, unknown>][] = [
      ['header injection in the name', { name: 'Ana\r\nBcc: evil@example.com' }],
      ['a 10,000-character name', { name: 'A'.repeat(10_000) }],
      ['an unreadable locale', { name: 'Ana', locale: '¯\\_(ツ)_/¯' }],
    ];
    for (const [what, customer] of odd) {
      const address = `${unique('odd')}@example.com`;
      const survey = await surveyEmail({ customer: { id: unique('cus'), email: address, ...customer } });
      expect(survey.email?.destination.to, what).toEqual([address]);
      expect(JSON.stringify(survey.email), what).not.toMatch(/Bcc|evil@|AAAAAAAAAA|¯/);
      expect(survey.email?.body.text, what).toMatch(customer.locale ? /^Hi Ana,/m : /^Hi,/m);
    }
    const noList = await surveyEmail({ items: 'beans' });
    expect(noList.email?.destination.to).toEqual([noList.detail.customer.email]);
  });

  it('refuses at the bus what EventBridge refuses: a detail that is not a JSON object, or over 256 KB', async () => {
    const refusals = await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'closeloop', Source: 'acme.webshop', DetailType: 'Purchase Completed', Detail: '"a string"' },
          {
            EventBusName: 'closeloop',
            Source: 'acme.webshop',
            DetailType: 'Purchase Completed',
            Detail: '{"orderId":',
          },
          {
            EventBusName: 'closeloop',
            Source: 'acme.webshop',
            DetailType: 'Purchase Completed',
            Detail: JSON.stringify({ ...purchaseDetail(), padding: 'x'.repeat(300 * 1024) }),
          },
        ],
      }),
    );
    expect(refusals.FailedEntryCount).toBe(3);
    expect(refusals.Entries?.map((entry) => entry.ErrorCode)).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
    ]);
  });

  it('routes an unknown detail-type nowhere: nothing written, nothing sent', async () => {
    const detail = purchaseDetail();
    await put('Purchase Complete', detail);
    const routed = (await (await fetch(`${urls.events}/events?detail-type=Purchase%20Complete`)).json()) as {
      event: { detail: { orderId: string } };
      rules: string[];
    }[];
    expect(routed.find(({ event }) => event.detail.orderId === detail.orderId)?.rules).toEqual([]);
    expect(await itemsOfCustomer(detail.customer.id)).toEqual([]);
  });

  it('accepts unicode and markup in names, and shows them only as text', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
    const name = 'Zoë Ørsted 🚀 مرحبا <script>alert(1)</script> {{7*7}} ${7*7}';
    const survey = await surveyEmail({ customer: { id: unique('cus'), email: `${unique('zoe')}@example.com`, name } });
    expect(survey.email?.body.text).toContain(`Hi ${name},`);
    expect(survey.email?.body.html).toContain('Zoë Ørsted 🚀 مرحبا &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(survey.email?.body.html).not.toContain('<script>');
    expect(survey.email?.destination.to).toEqual([survey.detail.customer.email]);
  });

  it('dead-letters a malformed erasure request and erases nobody', async () => {
    const marker = unique('erase');
    await put('Customer Erasure Requested', { customerId: `bad id ${marker}`, requestedAt: 'now' }, 'acme.crm');
    const letter = await deadLetter('erase-customer-dlq', marker);
    expect(letter.MessageAttributes?.reason?.StringValue).toMatch(/detail\.customerId[\s\S]*detail\.requestedAt/);
  });
});

describe('a corpus of malformed answers', () => {
  it('refuses each with 400 and the problem named, and records nothing', async () => {
    // Prepare
    const survey = await surveyEmail();
    const cases: [string, () => Promise<Response>, RegExp][] = [
      ['a score above the scale', () => postForm(survey.answerUrl, { score: '11' }), /score/i],
      ['a negative score', () => postForm(survey.answerUrl, { score: '-1' }), /score/i],
      ['a score in words', () => postForm(survey.answerUrl, { score: 'ten' }), /score/i],
      ['an exponent', () => postForm(survey.answerUrl, { score: '1e1' }), /score/i],
      ['markup as the score', () => postForm(survey.answerUrl, { score: '<b>9</b>' }), /score/i],
      [
        'a comment over 2,000 characters',
        () => postForm(survey.answerUrl, { score: '9', comment: 'x'.repeat(2001) }),
        /comment/i,
      ],
      ['CES on an NPS survey', () => postForm(survey.answerUrl, { score: '9', ces: '5' }), /ces/i],
      ['a JSON array', () => postJson(survey.answerUrl, [9]), /JSON object/],
      [
        'a body over 16 KB',
        () => postJson(survey.answerUrl, { score: 9, comment: 'x'.repeat(17 * 1024) }),
        /too large/,
      ],
      [
        'a body that is neither form nor JSON',
        () => fetch(survey.answerUrl, { method: 'POST', body: 'score=9', headers: { 'content-type': 'text/plain' } }),
        /form|JSON/,
      ],
    ];
    for (const [what, send, problem] of cases) {
      // Act
      const response = await send();
      // Assess
      expect(response.status, what).toBe(400);
      expect(await response.text(), what).toMatch(problem);
    }
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('refuses staff requests with unknown fields or bad bodies, changing nothing', async () => {
    const bad: [string, RequestInit, string][] = [
      ['/api/cases?storeId=x&colour=red', {}, 'colour'],
      ['/api/cases?status=lost', {}, 'status'],
      [
        '/api/cases/no-such-case/resolve',
        { method: 'POST', body: '{"owner":', headers: { 'content-type': 'application/json' } },
        'JSON',
      ],
      ['/api/customers/%20', { method: 'DELETE' }, 'customerId'],
    ];
    for (const [path, init, problem] of bad) {
      const response = await staffFetch(`${urls.http}${path}`, init);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toContain(problem);
    }
  });
});
