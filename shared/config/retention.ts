import type { CloseloopConfig } from './schema.ts';

/**
 * The retention of a survey made at `madeAt` (`retention.surveys`): `{ retainUntil }` for DynamoDB's TTL, or
 * nothing when surveys are kept until erased. Its answer and case are kept as long as the survey.
 */
export function retentionOf(config: Pick<CloseloopConfig, 'retention'>, madeAt: Date): { retainUntil?: string } {
  const keep = config.retention.surveys;
  return keep === false ? {} : { retainUntil: new Date(madeAt.getTime() + keep).toISOString() };
}
