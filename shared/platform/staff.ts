import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type StoreAccess, storeAccessOf } from '../domain/store-access.ts';

type Claims = Record<string, unknown>;

const claimsOf = (event: APIGatewayProxyEventV2): Claims | undefined =>
  (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt?.claims;

/**
 * Who is calling a staff route, from the claims the API's JWT authorizer verified (Cognito's in AWS, the local
 * issuer's with `npm start`): the email when the token carries one, else the user name, else the subject.
 * Undefined only if a route is reached without the authorizer, which the wiring does not allow.
 */
export function staffMember(event: APIGatewayProxyEventV2): string | undefined {
  const claims = claimsOf(event);
  for (const name of ['email', 'username', 'cognito:username', 'sub']) {
    const value = claims?.[name];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/**
 * The groups of the token's `cognito:groups` claim. API Gateway's JWT authorizer hands a list claim to the function
 * as one string, `[all-stores store:berlin]`; a list (as a token holds it) reads the same.
 */
export function groupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[(.*)\]$/s, '$1');
  return inner.split(/[\s,]+/).filter((group) => group.length > 0);
}

/** Which stores the caller may see and act on, from their groups (`all-stores`, `store:<id>`); none without any. */
export function staffAccess(event: APIGatewayProxyEventV2): StoreAccess {
  return storeAccessOf(groupsClaim(claimsOf(event)?.['cognito:groups']));
}
