import { describe, expect, it } from 'vitest';
import { counterDeltas } from '#shared/adapters/dynamodb/response-repository.ts';
import { PhraseThemes } from '#shared/adapters/phrase-themes.ts';
import { parseAnswer } from '#shared/contracts/answer-input.ts';
import { classify, type SurveyResponse } from '#shared/domain/answer.ts';
import { InvalidInput, SurveyClosed } from '#shared/domain/errors.ts';
import type { Survey } from '#shared/domain/survey.ts';
import { signSurveyToken } from '#shared/domain/survey-token.ts';
import { DEFAULT_THEMES } from '#shared/i18n/themes.ts';
import type { ResponseRepository } from '#shared/ports/response-repository.ts';
import { recordAnswer } from '#shared/use-cases/record-answer.ts';
import { FixedKeys, InMemorySurveys, ManualClock, RecordingPublisher } from '../support/fakes.ts';

describe('answer classes, as DESIGN.md defines them', () => {
  it.each([
    ['nps', [0, 1, 2, 3, 4, 5, 6], 'detractor'],
    ['nps', [7, 8], 'passive'],
    ['nps', [9, 10], 'promoter'],
    ['csat', [1, 2], 'detractor'],
    ['csat', [3, 4], 'passive'],
    ['csat', [5], 'promoter'],
    ['ces', [1, 2, 3], 'detractor'],
    ['ces', [4, 5, 6, 7], 'passive'],
  ] as const)('%s %j is %s', (metric, scores, expected) => {
    for (const score of scores) expect(classify(metric, score)).toBe(expected);
  });

  it('refuses scores outside the scale', () => {
    expect(() => classify('nps', 11)).toThrow(RangeError);
    expect(() => classify('csat', 0)).toThrow(RangeError);
  });
});

describe('parsing an answer', () => {
  it('takes form text and JSON numbers, trims the comment and drops an empty one', () => {
    expect(parseAnswer('nps', { score: '7', comment: '  fast \r\n delivery  ' })).toEqual({
      score: 7,
      comment: 'fast \n delivery',
      ces: undefined,
    });
    expect(parseAnswer('nps', { score: 0, comment: '' })).toEqual({ score: 0, comment: undefined, ces: undefined });
    expect(parseAnswer('csat', { score: '4', ces: '6' })).toEqual({ score: 4, comment: undefined, ces: 6 });
  });

  it('names the field in every refusal', () => {
    const issues = (fields: unknown, metric: 'nps' | 'csat' = 'nps') => {
      try {
        parseAnswer(metric, fields);
      } catch (error) {
        return (error as InvalidInput).issues;
      }
      return [];
    };
    expect(issues({ score: '10.0' })).toEqual(['score: must be a whole number from 0 to 10']);
    expect(issues({ score: 6 }, 'csat')).toEqual(['score: must be a whole number from 1 to 5']);
    expect(issues({ score: '4', ces: '8' }, 'csat')).toEqual(['ces: must be a whole number from 1 to 7']);
    expect(issues({ score: '4', comment: 'a'.repeat(2001) })).toEqual(['comment: must be at most 2000 characters']);
  });
});

describe('aggregate counter deltas', () => {
  const response = (score: number, ces?: number) => ({ score, ces }) as SurveyResponse;

  it('counts a first answer once', () => {
    expect(Object.fromEntries(counterDeltas(response(3), undefined))).toEqual({ responses: 1, score_3: 1 });
  });

  it('moves a changed score without counting a second response', () => {
    expect(Object.fromEntries(counterDeltas(response(9), response(3)))).toEqual({ score_3: -1, score_9: 1 });
  });

  it('changes nothing for a comment-only change, and moves CES on its own', () => {
    expect(counterDeltas(response(5), response(5)).size).toBe(0);
    expect(Object.fromEntries(counterDeltas(response(4, 2), response(4)))).toEqual({ ces_responses: 1, ces_2: 1 });
    expect(Object.fromEntries(counterDeltas(response(4, 6), response(4, 2)))).toEqual({ ces_2: -1, ces_6: 1 });
  });
});

class InMemoryResponses implements ResponseRepository {
  readonly items = new Map<string, SurveyResponse & { pendingEvent?: Record<string, unknown> }>();
  async get(id: string) {
    return this.items.get(id);
  }
  async save(
    _survey: Survey,
    next: SurveyResponse,
    previous: SurveyResponse | undefined,
    pendingEvent: Record<string, unknown>,
  ) {
    if (this.items.get(next.surveyId)?.version !== previous?.version) throw new Error('conflict');
    this.items.set(next.surveyId, { ...next, pendingEvent });
  }
}

describe('recording an answer, on an injected clock', () => {
  async function setup() {
    const clock = new ManualClock('2026-11-23T10:00:00Z');
    const deps = {
      surveys: new InMemorySurveys(),
      responses: new InMemoryResponses(),
      events: new RecordingPublisher(),
      keys: new FixedKeys(),
      clock,
      themes: new PhraseThemes(DEFAULT_THEMES),
      config: { programs: {} },
    };
    const survey: Survey = {
      id: 'srv1',
      program: 'purchase-nps',
      metric: 'nps',
      storeId: 's1',
      customer: { id: 'c1', email: 'a@example.com' },
      trigger: { type: 'order', id: 'o1' },
      locale: 'en',
      status: 'sent',
      dueAt: '2026-11-18T10:00:00Z',
      createdAt: '2026-11-23T09:00:00Z',
      expiresAt: '2026-12-23T09:00:00.000Z',
    };
    await deps.surveys.createIfAbsent(survey);
    const token = signSurveyToken({ surveyId: 'srv1', expiresAt: new Date(survey.expiresAt) }, deps.keys.key);
    return { deps, clock, token };
  }

  it('lets the answer change until 7 days after it was first given, and closes the survey after', async () => {
    const { deps, clock, token } = await setup();
    await recordAnswer(deps, { token, fields: { score: 5 }, channel: 'web' });
    clock.advance(7 * 24 * 60 * 60 * 1000 - 1000);
    expect((await recordAnswer(deps, { token, fields: { score: 6 }, channel: 'web' })).outcome).toBe('changed');
    clock.advance(1000);
    await expect(recordAnswer(deps, { token, fields: { score: 7 }, channel: 'web' })).rejects.toThrow(SurveyClosed);
    expect(deps.responses.items.get('srv1')?.score).toBe(6);
  });

  it('announces an answer whose event a crash left unannounced when the same answer comes again', async () => {
    const { deps, token } = await setup();
    const publish = deps.events.publish.bind(deps.events);
    let fail = true;
    deps.events.publish = async (...args) => {
      if (fail) {
        fail = false;
        throw new Error('bus down');
      }
      return publish(...args);
    };
    await expect(recordAnswer(deps, { token, fields: { score: 2 }, channel: 'web' })).rejects.toThrow('bus down');
    expect(deps.responses.items.get('srv1')?.pendingEvent).toBeDefined();
    expect((await recordAnswer(deps, { token, fields: { score: 2 }, channel: 'web' })).outcome).toBe('unchanged');
    expect(deps.events.published).toHaveLength(1);
    // At least once: the same answer again announces the same fact again (its version tells consumers it is one).
    await recordAnswer(deps, { token, fields: { score: 2 }, channel: 'web' });
    expect(deps.events.published.map((e) => e.detail)).toEqual([
      deps.events.published[0]?.detail,
      deps.events.published[0]?.detail,
    ]);
    expect(deps.responses.items.get('srv1')?.version).toBe(1);
  });

  it('writes nothing for an invalid answer', async () => {
    const { deps, token } = await setup();
    await expect(recordAnswer(deps, { token, fields: { score: 11 }, channel: 'web' })).rejects.toThrow(InvalidInput);
    expect(deps.responses.items.size).toBe(0);
  });
});
