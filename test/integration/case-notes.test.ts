import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { MAX_CASE_NOTES } from '#shared/domain/follow-up.ts';
import { eventually, localClients } from '../support/runtime.ts';
import { postForm, surveyEmail } from '../support/surveys.ts';

const { dynamo } = localClients();

async function caseItem(surveyId: string) {
  return (
    await dynamo.send(
      new GetCommand({ TableName: 'closeloop', Key: keys.followUpCase(surveyId), ConsistentRead: true }),
    )
  ).Item as { notes: { text: string }[]; omittedNotes?: number; answer: { score: number } } | undefined;
}

describe('a case whose customer keeps changing the answer', () => {
  it('keeps the first notes and the latest, counts the rest, and stays small after 100 changes', async () => {
    // Prepare: a detractor's case
    const survey = await surveyEmail({ storeId: 'store-loop' });
    expect((await postForm(survey.answerUrl, { score: '0', comment: 'x'.repeat(2000) })).status).toBe(200);
    await eventually(async () => caseItem(survey.surveyId), 'the case');
    // Act: 100 changes with the longest comments; the first ones each waited for, so the cap is surely reached
    for (let change = 1; change <= 100; change++) {
      const score = String(change % 7);
      const comment = `${change} ${'y'.repeat(1990)}`;
      expect((await postForm(survey.answerUrl, { score, comment })).status).toBe(200);
      if (change <= MAX_CASE_NOTES + 2)
        await eventually(
          async () =>
            ((await caseItem(survey.surveyId))?.notes.length ?? 0) >= Math.min(change, MAX_CASE_NOTES)
              ? true
              : undefined,
          `note ${change}`,
        );
    }
    // Assess: the last change is noted, in the last place, and the item is far from DynamoDB's limit
    const settled = await eventually(
      async () => {
        const item = await caseItem(survey.surveyId);
        return item?.notes.at(-1)?.text.includes('"100 y') ? item : undefined;
      },
      'the 100th change noted',
      60_000,
    );
    expect(settled.notes).toHaveLength(MAX_CASE_NOTES);
    expect(settled.notes[0]?.text).toContain('"1 y');
    expect(settled.omittedNotes).toBeGreaterThanOrEqual(3);
    expect(Buffer.byteLength(JSON.stringify(settled))).toBeLessThan(32 * 1024);
  });
});
