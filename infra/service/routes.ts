import { Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ServiceContext } from './context.ts';
import type { FunctionOf } from './function-factory.ts';

/**
 * Each HTTP function of the wiring behind its routes. Staff routes need a JWT from the staff user pool for its
 * sign-in client: API Gateway checks signature, issuer, audience and expiry before a function runs, and answers
 * 401 otherwise. A public route says why it needs no authorizer.
 */
export function httpRoutes(context: ServiceContext, api: HttpApi, staffClient: UserPoolClient, functionOf: FunctionOf) {
  const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', context.props.data.staff, {
    userPoolClients: [staffClient],
  });
  for (const definition of context.props.wiring.http) {
    const fn = functionOf(definition);
    const integration = new HttpLambdaIntegration(`${definition.id}Integration`, fn.fn);
    const access = definition.access;
    for (const route of definition.routes) {
      for (const created of api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(access.kind === 'staff' ? { authorizer: staffAuthorizer } : {}),
      })) {
        if (access.kind === 'public')
          Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason: access.because });
      }
    }
  }
}
