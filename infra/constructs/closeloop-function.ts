import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type CfnLogGroup, LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { loadConfigFile, validatedConfigText } from '../../shared/config/load.ts';
import { BINDING_ENV, type Binding, type EnvBinding } from '../../shared/topology/wiring.ts';
import { BUNDLE, BUNDLED_CONFIG, bundleDefines } from './bundling.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The configuration as every function reads it: validated here, at synth, with its defaults filled in, so a cold
 * start reads it without building the schema. Written once per file and content, where bundling copies it from.
 */
const validatedFiles = new Map<string, string>();
function validatedConfigFile(configFile: string): string {
  const known = validatedFiles.get(resolve(configFile));
  if (known !== undefined) return known;
  const text = validatedConfigText(loadConfigFile(resolve(configFile)));
  const dir = join(tmpdir(), 'closeloop-validated-config');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.json`);
  writeFileSync(file, text);
  validatedFiles.set(resolve(configFile), file);
  return file;
}

export interface CloseloopFunctionProps {
  /** Handler module relative to the repository root. */
  entry: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Path of the configuration file to bundle, when the function is bound to `config`. */
  configFile: string;
  logRetention: RetentionDays;
  environment?: Record<string, string>;
  /** X-Ray with every SDK call as a subsegment (`operations.tracing`). */
  tracing: boolean;
  /** For asynchronously invoked functions: where an invocation that failed its retries goes. */
  asyncDeadLetterQueue?: IQueue | undefined;
}

/**
 * A Lambda function with closeloop's defaults: Node.js 24 on arm64, an ESM bundle built by local esbuild, its own
 * log group with retention, JSON logs, X-Ray tracing when configured, and its own role, which starts with nothing but writing its
 * logs. `bind` sets a binding's variable and grants exactly what the binding needs, in one call.
 */
export class CloseloopFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: CloseloopFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${id}: ${props.description}`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
      }),
    );

    this.fn = new NodejsFunction(this, 'Function', {
      entry: resolve(ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      role: this.role,
      ...(props.asyncDeadLetterQueue ? { deadLetterQueue: props.asyncDeadLetterQueue } : {}),
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: ROOT,
      depsLockFilePath: resolve(ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'closeloop',
        POWERTOOLS_TRACE_ENABLED: String(props.tracing),
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        mainFields: [...BUNDLE.mainFields],
        minify: BUNDLE.minify,
        keepNames: BUNDLE.keepNames,
        define: bundleDefines({ tracing: props.tracing }),
        sourceMap: BUNDLE.sourcemap,
        sourcesContent: BUNDLE.sourcesContent,
        banner: BUNDLE.banner,
        bundleAwsSDK: BUNDLE.bundleAwsSdk,
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE.alias).map(([from, to]) => [`--alias:${from}`, to])),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => [
            `cp "${validatedConfigFile(props.configFile)}" "${output}/${BUNDLED_CONFIG}"`,
          ],
        },
      },
    });

    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(logGroup.node.defaultChild as CfnLogGroup)}.Arn>:*]`,
      reason: 'Log streams are named by Lambda at run time; the wildcard stays inside this function’s own log group.',
    });
    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
    if (props.tracing)
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Tracing.ACTIVE adds xray:PutTraceSegments and xray:PutTelemetryRecords, which AWS only allows on "*".',
      });
    else
      Validations.of(this.fn).acknowledge({
        id: 'Serverless-LambdaTracing',
        reason:
          'Tracing is the business choice (operations.tracing): it adds ~65 ms to every cold start (npm run bench). Metrics, alarms and JSON logs stay on.',
      });
  }

  /** Sets the binding's environment variable. The grant is given by the caller, who holds the resource. */
  bind(binding: EnvBinding, value: string, grant?: (grantee: IGrantable) => void): this {
    this.fn.addEnvironment(BINDING_ENV[binding], value);
    grant?.(this.role);
    return this;
  }

  /** A binding that is a grant only (it sets no variable), given by the caller, who holds the resource. */
  bindGrant(_binding: Exclude<Binding, EnvBinding>, grant: (grantee: IGrantable) => void): this {
    grant(this.role);
    return this;
  }

  /** ses:SendEmail from exactly the configured senders' identities, through one configuration set. */
  grantSendEmail(senders: readonly string[], configurationSetName: string): void {
    const stack = Stack.of(this);
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    const identities = new Set<string>();
    for (const sender of senders) {
      identities.add(identity(sender));
      identities.add(identity(sender.slice(sender.indexOf('@') + 1)));
    }
    this.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          ...identities,
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSetName }),
        ],
      }),
    );
  }
}
