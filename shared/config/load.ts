import { readFileSync } from 'node:fs';
import { formatIssues } from '../contracts/issues.ts';
import { InvalidConfiguration } from './deployed.ts';
import { type CloseloopConfig, closeloopConfig } from './schema.ts';

/**
 * A configuration as people write it, validated: synth, the local runtime and the tests read it here. Functions
 * read what synth wrote (`deployed.ts`) and never build the schema.
 */
export { InvalidConfiguration, storeFor, validatedConfigText } from './deployed.ts';

export function parseConfig(raw: unknown, origin: string): CloseloopConfig {
  const result = closeloopConfig.safeParse(raw);
  if (!result.success) {
    throw new InvalidConfiguration(
      `Invalid closeloop configuration in ${origin}:\n  ${formatIssues(result.error).join('\n  ')}`,
    );
  }
  return result.data;
}

export function loadConfigFile(path: string): CloseloopConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidConfiguration(`Cannot read closeloop configuration ${path}: ${(error as Error).message}`);
  }
  return parseConfig(raw, path);
}
