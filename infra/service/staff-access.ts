import { Duration, type Stack } from 'aws-cdk-lib';
import { type CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { OAuthScope, UserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { StatefulStack } from '../stateful-stack.ts';

/** The HTTP API, with JSON access logs and throttling on its default stage. */
export function httpApi(stack: Stack, logRetention: RetentionDays): HttpApi {
  const api = new HttpApi(stack, 'HttpApi', {
    description: 'closeloop: survey answer pages, unsubscribe and staff routes',
  });
  // The L2 default stage takes neither access logs nor throttling; set them on its CloudFormation resource.
  const accessLogs = new LogGroup(stack, 'HttpApiAccessLogs', { retention: logRetention });
  const stage = api.defaultStage?.node.defaultChild as CfnStage;
  stage.accessLogSettings = {
    destinationArn: accessLogs.logGroupArn,
    format: JSON.stringify({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      time: '$context.requestTime',
      method: '$context.httpMethod',
      route: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      error: '$context.error.message',
    }),
  };
  stage.defaultRouteSettings = { throttlingRateLimit: 100, throttlingBurstLimit: 200 };
  return api;
}

/**
 * Staff sign in on the user pool's hosted page (authorization code with PKCE, no client secret: the sign-in page is a
 * browser app) and call staff routes with the access token.
 */
export function staffSignIn(stack: Stack, data: StatefulStack, stage: string, publicBaseUrl: string) {
  const staffDomain = new UserPoolDomain(stack, 'StaffSignInDomain', {
    userPool: data.staff,
    cognitoDomain: { domainPrefix: `closeloop-${stage}-${stack.account}` },
  });
  const staffClient = new UserPoolClient(stack, 'StaffSignInClient', {
    userPool: data.staff,
    generateSecret: false,
    authFlows: {},
    preventUserExistenceErrors: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(1),
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
      callbackUrls: [`${publicBaseUrl}/sign-in`],
      logoutUrls: [`${publicBaseUrl}/sign-in`],
    },
  });
  return { staffDomain, staffClient };
}
