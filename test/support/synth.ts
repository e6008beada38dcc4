import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';

export const outdir = () => mkdtempSync(join(tmpdir(), 'closeloop-cdk-'));

/**
 * The app without bundling: templates, grants and checks are the same, and a synth takes a second instead of
 * bundling every function. The one synth that bundles is the deployed shape's (test/infra/deployed-shape.test.ts),
 * which also starts every bundle.
 */
export const noBundling = { 'aws:cdk:bundling-stacks': [] };

export function synth(context: Record<string, unknown> = {}) {
  const dir = outdir();
  const built = buildApp(new App({ outdir: dir, context: { ...noBundling, ...context } }));
  const assembly = built.app.synth();
  return {
    app: built.app,
    dir,
    assembly,
    data: Template.fromStack(built.data),
    service: Template.fromStack(built.service),
  };
}
