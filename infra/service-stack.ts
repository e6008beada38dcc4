import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import { SEND_QUEUE_CONSUMER, type Wiring } from '../shared/topology/wiring.ts';
import { Operations } from './constructs/operations.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { bindingGrants } from './service/binding-grants.ts';
import { chatWebhooks } from './service/chat-webhooks.ts';
import type { ServiceContext } from './service/context.ts';
import { consumerQueues, queueConsumers, scheduledFunctions } from './service/dispatch.ts';
import { functionFactory } from './service/function-factory.ts';
import { inboundMail } from './service/inbound-mail.ts';
import { httpRoutes } from './service/routes.ts';
import { httpApi, staffSignIn } from './service/staff-access.ts';
import { isProduction, type Stage } from './stage.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface ServiceStackProps extends StackProps {
  stage: Stage;
  data: StatefulStack;
  wiring: Wiring;
  config: CloseloopConfig;
  configFile: string;
  /** The business's own domain for answer pages; the HTTP API's URL when absent. */
  publicBaseUrl?: string | undefined;
}

/**
 * The stateless part: HTTP API, and for each consumer of the wiring its rule, queue, dead-letter queue and
 * function. Everything here can be destroyed and redeployed without losing a survey.
 */
export class ServiceStack extends Stack {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { data } = props;
    const logRetention = isProduction(props.stage) ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;
    this.api = httpApi(this, logRetention);
    const context: ServiceContext = {
      stack: this,
      props,
      logRetention,
      publicBaseUrl: props.publicBaseUrl ?? this.api.apiEndpoint,
      inboundMailArn: data.inboundMail ? Fn.importValue(data.inboundMailArnExport) : undefined,
    };

    // Ingest and dispatch: every consumer's queue, then what the functions are bound to, then the functions.
    const queues = consumerQueues(context);
    const { staffDomain, staffClient } = staffSignIn(this, data, props.stage, context.publicBaseUrl);
    const sendQueue = queues.get(SEND_QUEUE_CONSUMER)?.queue;
    const functionOf = functionFactory(context, bindingGrants(context, { sendQueue, staffDomain, staffClient }));
    queueConsumers(context, queues, functionOf);
    const scheduled = scheduledFunctions(context, functionOf);
    // Answers, the loop's pages and the staff API; chat alerts; replies by email.
    httpRoutes(context, this.api, staffClient, functionOf);
    chatWebhooks(context);
    inboundMail(context, functionOf);

    // Last, so that it finds everything above: alarms on every queue and function, the schedules and the API.
    const operations = new Operations(this, 'Operations', { topic: data.alarmTopic });
    const watched = operations.watchAll(this);
    for (const [fn, everyMinutes] of scheduled) operations.watchSchedule(fn, everyMinutes);
    operations.watchHttpApi(this.api);
    const sendBacklog = {
      queue: sendQueue as Queue,
      maxPerSecond: props.config.sending.maxPerSecond,
      alarmMinutes: props.config.scale.backlogAlarmMinutes,
    };
    operations.watchSendBacklog(sendBacklog.queue, sendBacklog.maxPerSecond, sendBacklog.alarmMinutes);
    new OperationsDashboard(this, 'OperationsDashboard', {
      watched,
      api: this.api,
      alarms: operations.alarms,
      sendBacklog,
    });

    new CfnOutput(this, 'PublicBaseUrl', { value: context.publicBaseUrl });
    new CfnOutput(this, 'EventBusName', { value: data.bus.eventBusName, description: 'Put store events here' });
    new CfnOutput(this, 'EventBusArn', { value: data.bus.eventBusArn });
  }
}
