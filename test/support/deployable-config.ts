import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A local configuration made deployable: each source secret given as a value (local only; synth refuses it) names
 * a Secrets Manager secret instead, as it would in AWS. `change` edits the copy. Returns the copy's path.
 */
interface Secret {
  value?: string;
  secretName?: string;
}
interface ConfigJson {
  sources?: { zendesk?: { signingSecret: Secret }; webhooks?: Record<string, { secret: Secret }> };
  [key: string]: unknown;
}

export function deployableConfig(
  file = 'config/local.json',
  change: (config: ConfigJson) => void = () => undefined,
): string {
  const config = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')) as ConfigJson;
  const sources = config.sources ?? {};
  if (sources.zendesk?.signingSecret?.value) sources.zendesk.signingSecret = { secretName: 'closeloop/dev/zendesk' };
  for (const [id, webhook] of Object.entries(sources.webhooks ?? {}))
    if (webhook.secret.value) webhook.secret = { secretName: `closeloop/dev/${id}` };
  change(config);
  const copy = join(mkdtempSync(join(tmpdir(), 'closeloop-config-')), 'config.json');
  writeFileSync(copy, JSON.stringify(config));
  return copy;
}
