import { readFileSync } from 'node:fs';
import { formatIssues } from '../contracts/issues.ts';
import { UnknownStore } from '../domain/errors.ts';
import { type CloseloopConfig, closeloopConfig, type StoreConfig } from './schema.ts';

/** Thrown at start-up (and synth) for a configuration that cannot be used; the message names each bad field. */
export class InvalidConfiguration extends Error {
  override readonly name = 'InvalidConfiguration';
}

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

export function storeFor(config: CloseloopConfig, storeId: string): StoreConfig {
  const store = config.stores[storeId] ?? config.stores['*'];
  if (store === undefined) throw new UnknownStore(`Store ${storeId} is not configured (and there is no "*" store).`);
  return store;
}
