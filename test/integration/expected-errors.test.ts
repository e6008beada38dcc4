import { describe, expect, it } from 'vitest';
import { localClients, staffFetch } from '../support/runtime.ts';
import { postForm, surveyEmail } from '../support/surveys.ts';

const { urls } = localClients();

const errorOf = async (response: Response) => ((await response.json()) as { error: { code?: string } }).error.code;

describe('what is expected is never a 500', () => {
  it('answers a case id no case can have with 404, before asking DynamoDB', async () => {
    for (const caseId of ['x'.repeat(5000), 'a b', 'ü', 'a.b']) {
      const response = await staffFetch(`${urls.http}/api/cases/${encodeURIComponent(caseId)}`);
      expect(response.status, caseId.slice(0, 20)).toBe(404);
      expect(await errorOf(response)).toBe('CaseNotFound');
    }
  });

  it('answers a well-formed cursor this API never handed out with 400', async () => {
    const forged = Buffer.from(
      JSON.stringify({ k: { pk: 'SURVEY#x', sk: 'RESPONSE', gsi3pk: 'STORE#elsewhere#RESPONSES', gsi3sk: 'z' } }),
    ).toString('base64url');
    for (const query of [`storeId=store-berlin&cursor=${forged}`, `cursor=${forged}`]) {
      const response = await staffFetch(`${urls.http}/api/reports/comments?${query}`);
      expect(response.status, query).toBe(400);
      expect(await errorOf(response)).toBe('InvalidInput');
    }
  });

  it('answers 50 answers racing for one survey with 200 or 409, and records one of them', async () => {
    const survey = await surveyEmail();
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postForm(survey.answerUrl, { score: String(i % 11) })),
    ).then((responses) => responses.map((response) => response.status));
    expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
    expect(statuses).toContain(200);
  });
});
