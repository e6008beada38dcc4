import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';

describe('table keys', () => {
  it('keep ids holding the separator in their own segment, so two scopes never share a key', () => {
    const day = '2026-11-29';
    // A store whose id spells out another store's agent scope, as the review found
    expect(keys.aggregate('S#p#AGENT', 'a1', day).pk).not.toBe(keys.agentAggregate('S', 'p', 'a1', day).pk);
    expect(keys.aggregate('S#ticket-csat#AGENT#a1', 'ticket-csat', day).pk).not.toBe(
      keys.agentAggregate('S', 'ticket-csat', 'a1#ticket-csat', day).pk,
    );
    expect(keys.dailyCap('p', 'a#b', day).pk).not.toBe(keys.dailyCap('p#a', 'b', day).pk);
    expect(keys.contacts('c#1').pk).not.toBe(keys.contacts('c%231').pk);
  });

  it('leave ordinary ids as they are', () => {
    expect(keys.aggregate('store-berlin', 'purchase-nps', '2026-11-29')).toEqual({
      pk: 'AGG#store-berlin#purchase-nps',
      sk: 'DAY#2026-11-29',
    });
  });
});
