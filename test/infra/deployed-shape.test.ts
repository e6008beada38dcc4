import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { BUNDLE_FILE, BUNDLED_CONFIG } from '../../infra/constructs/bundling.ts';
import { buildFunctions } from '../../local/functions/bundles.ts';
import { localEnvironment } from '../../local/runtime.ts';
import { readDeployedConfig } from '../../shared/config/deployed.ts';
import { loadConfigFile } from '../../shared/config/load.ts';
import { BINDING_ENV, type Binding, functionsOf, wiring } from '../../shared/topology/wiring.ts';
import { deployableConfig } from '../support/deployable-config.ts';
import { coldStartError, type DeployedFunction, deployedFunctions, localised } from '../support/deployed-functions.ts';

const ROOT = resolve(import.meta.dirname, '../..');
// Nothing is called at a cold start; the endpoints only have to be the local kind (a loopback port that refuses).
const LOOPBACK = 'http://127.0.0.1:9';
const { bindingValue, commonEnv } = localEnvironment({
  busName: wiring.busName,
  http: LOOPBACK,
  events: LOOPBACK,
  dynamodb: LOOPBACK,
  ses: LOOPBACK,
  logLevel: 'SILENT',
});
/** The local value of each variable the stack sets from a CloudFormation expression. */
const localValues: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(bindingValue).map(([binding, value]) => [BINDING_ENV[binding as Binding], value]),
  ),
  DEAD_LETTER_QUEUE_URL: `${LOOPBACK}/000000000000/dead-letters`,
};

/** Lambda's own variables, then the function's from the template, made local. */
function lambdaEnvironment(fn: DeployedFunction) {
  const { env, unresolved } = localised(fn, localValues);
  return { env: { ...commonEnv, AWS_LAMBDA_FUNCTION_NAME: fn.id, ...env }, unresolved };
}

describe('the deployed shape, checked without AWS', () => {
  let functions: DeployedFunction[];
  const byId = (id: string) => functions.find((fn) => fn.id === id) as DeployedFunction;
  beforeAll(() => {
    const outdir = mkdtempSync(join(tmpdir(), 'closeloop-shape-'));
    // The configuration `npm start` runs, which receives replies: every function of the wiring is deployed.
    const built = buildApp(new App({ outdir, context: { config: deployableConfig() } }));
    built.app.synth();
    functions = deployedFunctions(outdir, [built.data, built.service]);
  });

  it('deploys every function of the wiring, and the key rotation, each from its own bundle', () => {
    expect(functions.map((fn) => fn.id).sort()).toEqual(
      [...functionsOf(wiring).map((fn) => fn.id), 'RotateSigningKey'].sort(),
    );
    for (const fn of functions) expect(fn.handler, fn.id).toBe('index.handler');
  });

  it('starts every bundle with exactly the environment its template gives it', async () => {
    // Prepare
    const started = functions.map((fn) => ({ fn, ...lambdaEnvironment(fn) }));
    // Act
    const errors = await Promise.all(started.map(({ fn, env }) => coldStartError(fn.taskDir, fn.handler, env)));
    // Assess
    expect(Object.fromEntries(started.map(({ fn, unresolved }) => [fn.id, unresolved.join(', ')]))).toEqual(
      Object.fromEntries(functions.map((fn) => [fn.id, ''])),
    );
    expect(Object.fromEntries(started.map(({ fn }, i) => [fn.id, errors[i]]))).toEqual(
      Object.fromEntries(functions.map((fn) => [fn.id, undefined])),
    );
  });

  it('bundles each function as minified ESM with the validated configuration beside it', () => {
    const validated = loadConfigFile(deployableConfig());
    for (const fn of functions) {
      const code = readFileSync(join(fn.taskDir, BUNDLE_FILE), 'utf8');
      expect(existsSync(join(fn.taskDir, BUNDLED_CONFIG)), fn.id).toBe(true);
      // Validated at synth, defaults filled in: what the function reads without building the schema.
      expect(readDeployedConfig(join(fn.taskDir, BUNDLED_CONFIG)), fn.id).toEqual(validated);
      // An ES module whose one export is the handler, named as minified code names it.
      expect(code, fn.id).toMatch(/export\s*\{\s*[\w$]+ as handler\s*\}/);
    }
  });

  it("calls AWS through closeloop's own clients, not the SDK's, and reaches node:http(s) and node:fs through require", () => {
    const bundles = functions.map((fn) => readFileSync(join(fn.taskDir, BUNDLE_FILE), 'utf8'));
    for (const code of bundles) {
      expect(code).not.toMatch(/from\s*"@aws-sdk\//);
      // Their ESM facades read every export: undici for node:http, fs/promises (with readline) for node:fs.
      expect(code).not.toMatch(/from\s*"node:(https?|fs)"/);
      // The SDK's core and credential chain: neither is in any bundle.
      expect(code).not.toContain('@smithy/core');
      expect(code).not.toContain('credential-provider');
    }
    // Exactly the functions bound to the table carry the table's client: not the key rotation, nor the two pages.
    const boundToTable = new Set(
      functionsOf(wiring)
        .filter((definition) => definition.bindings.includes('table'))
        .map((definition) => definition.id),
    );
    const withTableClient = functions.filter((_fn, i) => bundles[i]?.includes('DynamoDB_20120810')).map((fn) => fn.id);
    expect(new Set(withTableClient)).toEqual(boundToTable);
    expect(functions.map((fn) => fn.id).filter((id) => !boundToTable.has(id))).toEqual(
      expect.arrayContaining(['RotateSigningKey', 'Dashboard', 'StaffSignIn']),
    );
  });

  it("validates with zod/mini and English messages, never with classic zod's heavier schemas", () => {
    const validating: string[] = [];
    for (const fn of functions) {
      const code = readFileSync(join(fn.taskDir, BUNDLE_FILE), 'utf8');
      // Classic zod builds a method per check on every schema at a cold start: one import of 'zod' brings it back.
      expect(code, fn.id).not.toContain('"ZodString"');
      if (!code.includes('"ZodMiniString"')) continue;
      validating.push(fn.id);
      // zod/mini says only "Invalid input" unless the English locale is set, as `shared/contracts/zod-mini.ts` does.
      expect(code, fn.id).toContain('Too small: expected');
    }
    expect(validating).toEqual(expect.arrayContaining(['ScheduleSurvey', 'RecordAnswer', 'StaffReports']));
    // The environment is read without a schema library: a function that validates nothing else carries none.
    expect(validating).not.toContain('Dashboard');
    expect(validating).not.toContain('StaffSignIn');
  });

  it('carries only the schemas its function reads', () => {
    // A contract's schema is built on its first use, but its code is still carried and compiled at every cold start.
    const holding = (text: string) =>
      functions.filter((fn) => readFileSync(join(fn.taskDir, BUNDLE_FILE), 'utf8').includes(text)).map((fn) => fn.id);
    // A store's lenient fields (`inbound-fields.ts`): only where store events are read or mapped onto.
    expect(new Set(holding('any other value is ignored (and logged)'))).toEqual(
      new Set(['ScheduleSurvey', 'ShopifyEvents', 'SourceWebhooks']),
    );
    // The staff API's document (`staff-api.ts`): only in the function that serves /api/openapi.json.
    expect(holding('What loyalty is worth')).toEqual(['StaffReports']);
    // The answer's event (`survey-answered.ts`): only where answers are recorded or read, not where pages show one.
    expect(new Set(holding('How the comment sounds, when Amazon Bedrock classified it'))).toEqual(
      new Set(['RecordAnswer', 'EmailReply', 'CloseLoop']),
    );
  });

  it('fails a function whose stack leaves out a variable its handler reads', async () => {
    // Prepare: the send function's template without the signing key's secret
    const fn = byId('SendSurvey');
    const { SIGNING_KEY_SECRET_ID: _removed, ...environment } = fn.environment;
    // Act
    const error = await coldStartError(fn.taskDir, fn.handler, lambdaEnvironment({ ...fn, environment }).env);
    // Assess
    expect(error).toMatch(/Invalid function environment[\s\S]*SIGNING_KEY_SECRET_ID/);
  });

  it('fails a handler name that its bundle does not have', async () => {
    const fn = byId('RecordAnswer');
    const { env } = lambdaEnvironment(fn);
    expect(await coldStartError(fn.taskDir, 'index.handle', env)).toMatch(/HandlerNotFound: index\.handle/);
    expect(await coldStartError(fn.taskDir, 'main.handler', env)).toMatch(/ImportModuleError: no module main/);
  });

  it('is the program the local runtime and the tests run: the local build is byte for byte the deployed bundle', async () => {
    // Act
    const local = await buildFunctions({
      root: ROOT,
      cacheDir: mkdtempSync(join(tmpdir(), 'closeloop-build-')),
      functions: functionsOf(wiring),
      choices: { tracing: loadConfigFile(resolve(ROOT, 'config/local.json')).operations.tracing },
    });
    // Assess
    for (const definition of functionsOf(wiring)) {
      const deployed = readFileSync(resolve(byId(definition.id).taskDir, BUNDLE_FILE));
      const built = readFileSync(resolve(local.dir, definition.id, BUNDLE_FILE));
      expect(built.equals(deployed), `${definition.id}: local build differs from the CDK asset`).toBe(true);
    }
  });
});
