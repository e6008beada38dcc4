import { describe, expect, it } from 'vitest';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import type { LoopState } from '#shared/ports/case-repository.ts';
import { localClients, unique } from '../support/runtime.ts';

const { db } = localClients();
const cases = new DynamoDbCaseRepository(db, 'closeloop');
const NOW = new Date('2026-11-29T12:00:00Z');
const LEASE = 120_000;

/** A loop state with the steps of a new detractor case to do, as the first answer's decision leaves it. */
async function newState(): Promise<LoopState> {
  const state: LoopState = {
    surveyId: unique('srv-loop'),
    version: 1,
    pending: ['opened-event', 'staff-alert', 'customer-follow-up'],
    thanked: false,
    promoterAnnounced: false,
  };
  expect(await cases.decide({ state, previousVersion: undefined })).toBe(true);
  return (await cases.loopState(state.surveyId)) as LoopState;
}

describe('the steps of closing the loop, on DynamoDB Local', () => {
  it('lets exactly one of ten simultaneous deliveries take a step, and another only once the lease ran out', async () => {
    const state = await newState();
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => cases.claimStep(state.surveyId, 'customer-follow-up', NOW, LEASE)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The holder crashed: after its lease another delivery takes the step; once done, nobody does.
    expect(
      await cases.claimStep(state.surveyId, 'customer-follow-up', new Date(NOW.getTime() + LEASE - 1), LEASE),
    ).toBe(false);
    expect(
      await cases.claimStep(state.surveyId, 'customer-follow-up', new Date(NOW.getTime() + LEASE + 1), LEASE),
    ).toBe(true);
    await cases.stepDone(state.surveyId, 'customer-follow-up', { thanked: false });
    expect(
      await cases.claimStep(state.surveyId, 'customer-follow-up', new Date(NOW.getTime() + 10 * LEASE), LEASE),
    ).toBe(false);
  });

  it('refuses a decision made on a state read before a step was taken: it would bring the step back', async () => {
    const state = await newState();
    // A newer answer's delivery reads the state (the follow-up still to do) …
    const stale = await cases.loopState(state.surveyId);
    // … while the first delivery takes the follow-up and sends it.
    expect(await cases.claimStep(state.surveyId, 'customer-follow-up', NOW, LEASE)).toBe(true);
    await cases.stepDone(state.surveyId, 'customer-follow-up', { thanked: false });
    // The newer delivery's decision, on its stale reading, would put the follow-up back: it fails, and is retried.
    const decision = {
      state: { ...(stale as LoopState), version: 2 },
      previousVersion: stale?.version,
      previousRevision: stale?.revision,
    };
    expect(await cases.decide(decision)).toBe(false);
    // Read again, the decision goes through, and the follow-up stays done.
    const fresh = (await cases.loopState(state.surveyId)) as LoopState;
    expect(fresh.pending).not.toContain('customer-follow-up');
    expect(
      await cases.decide({
        state: { ...fresh, version: 2 },
        previousVersion: fresh.version,
        previousRevision: fresh.revision,
      }),
    ).toBe(true);
    expect((await cases.loopState(state.surveyId))?.pending).not.toContain('customer-follow-up');
  });

  it('keeps a step’s lease through a newer answer’s decision, so that delivery leaves it alone', async () => {
    const state = await newState();
    expect(await cases.claimStep(state.surveyId, 'staff-alert', NOW, LEASE)).toBe(true);
    const read = (await cases.loopState(state.surveyId)) as LoopState;
    expect(
      await cases.decide({
        state: { ...read, version: 2 },
        previousVersion: read.version,
        previousRevision: read.revision,
      }),
    ).toBe(true);
    expect(await cases.claimStep(state.surveyId, 'staff-alert', new Date(NOW.getTime() + 1000), LEASE)).toBe(false);
  });
});
