import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Stack, Stack as StackClass } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CloseloopFunction } from '../../infra/constructs/closeloop-function.ts';

const run = promisify(execFile);

/** One of closeloop's functions as the synthesized template deploys it. */
export interface DeployedFunction {
  id: string;
  handler: string;
  /** The asset folder in the cloud assembly: what Lambda unpacks into /var/task. */
  taskDir: string;
  /** Environment.Variables as the template has them: strings, or CloudFormation expressions. */
  environment: Record<string, unknown>;
}

/** Every CloseloopFunction of the stacks, read from their synthesized templates and asset manifests. */
export function deployedFunctions(assemblyDir: string, stacks: readonly Stack[]): DeployedFunction[] {
  return stacks.flatMap((stack) => {
    const template = JSON.parse(readFileSync(resolve(assemblyDir, `${stack.artifactId}.template.json`), 'utf8'));
    const assets = JSON.parse(readFileSync(resolve(assemblyDir, `${stack.artifactId}.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
    };
    const assetDirOf = (objectKey: string) => {
      const asset = Object.values(assets.files).find((file) =>
        Object.values(file.destinations).some((d) => d.objectKey === objectKey),
      );
      if (asset === undefined) throw new Error(`No asset for ${objectKey} in ${stack.artifactId}`);
      return resolve(assemblyDir, asset.source.path);
    };
    return stack.node
      .findAll()
      .filter((construct): construct is CloseloopFunction => construct instanceof CloseloopFunction)
      .map((fn) => {
        const logicalId = StackClass.of(fn).getLogicalId(fn.fn.node.defaultChild as CfnFunction);
        const properties = template.Resources[logicalId].Properties;
        return {
          id: fn.node.id,
          handler: properties.Handler,
          taskDir: assetDirOf(properties.Code.S3Key),
          environment: properties.Environment?.Variables ?? {},
        };
      });
  });
}

/**
 * The environment a deployed function would get, made local: plain values as the template has them (the bundled
 * configuration's /var/task path pointed at the asset folder), and each CloudFormation expression (a table name, a
 * queue URL) replaced by the local runtime's value for that variable. A variable with no local value is named in
 * `unresolved`.
 */
export function localised(fn: DeployedFunction, localValues: Record<string, string>) {
  const env: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [name, value] of Object.entries(fn.environment)) {
    if (typeof value === 'string') env[name] = value.replace(/^\/var\/task\//, `${fn.taskDir}/`);
    else if (localValues[name] !== undefined) env[name] = localValues[name];
    else unresolved.push(name);
  }
  return { env, unresolved };
}

/** Starts the function's bundle as Lambda would, with exactly `env`; undefined when it starts, else why not. */
export async function coldStartError(
  taskDir: string,
  handler: string,
  env: Record<string, string>,
): Promise<string | undefined> {
  try {
    await run(process.execPath, [resolve(import.meta.dirname, 'import-handler.ts'), taskDir, handler], {
      env,
      timeout: 30_000,
    });
    return undefined;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return failed.stdout || failed.stderr || failed.message;
  }
}
