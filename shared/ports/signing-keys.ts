import type { SigningKey } from '../domain/survey-token.ts';

export interface SigningKeys {
  /** The key new links are signed with. */
  current(): Promise<SigningKey>;
  /** Every key a link may still carry: the current one and those rotated out but not yet retired. */
  all(): Promise<readonly SigningKey[]>;
}
