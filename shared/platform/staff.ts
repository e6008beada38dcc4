import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Who is calling a staff route, from the claims the API's JWT authorizer verified (Cognito's in AWS, the local
 * issuer's with `npm start`): the email when the token carries one, else the user name, else the subject.
 * Undefined only if a route is reached without the authorizer, which the wiring does not allow.
 */
export function staffMember(event: APIGatewayProxyEventV2): string | undefined {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer
    ?.jwt?.claims;
  for (const name of ['email', 'username', 'cognito:username', 'sub']) {
    const value = claims?.[name];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}
