import { readFileSync } from 'node:fs';
import { UnknownStore } from '../domain/errors.ts';
import type { CloseloopConfig, StoreConfig } from './schema.ts';

/**
 * The configuration beside every function (Lambda's /var/task/closeloop.config.json): validated once, by synth (or
 * the local runtime as it lays out a function), with every default filled in, and read at a cold start as it is —
 * a function never builds the configuration's schema (~20 ms of every cold start; `npm run bench` measures init).
 */
export const VALIDATED_FORMAT = 'closeloop.validated-config/1';

/** Thrown at start-up (and synth) for a configuration that cannot be used; the message names each bad field. */
export class InvalidConfiguration extends Error {
  override readonly name = 'InvalidConfiguration';
}

/** The file a validated configuration is written as, beside each bundle. */
export function validatedConfigText(config: CloseloopConfig): string {
  return `${JSON.stringify({ format: VALIDATED_FORMAT, config })}\n`;
}

/** Reads the configuration synth validated; a file it did not write is refused with what to do. */
export function readDeployedConfig(path: string): CloseloopConfig {
  let file: { format?: unknown; config?: unknown };
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidConfiguration(`Cannot read closeloop configuration ${path}: ${(error as Error).message}`);
  }
  if (file?.format !== VALIDATED_FORMAT || typeof file.config !== 'object' || file.config === null)
    throw new InvalidConfiguration(
      `${path} is not a configuration synth validated (format ${VALIDATED_FORMAT}): deploy with cdk, or start the local runtime, which write it.`,
    );
  return file.config as CloseloopConfig;
}

export function storeFor(config: CloseloopConfig, storeId: string): StoreConfig {
  const store = config.stores[storeId] ?? config.stores['*'];
  if (store === undefined) throw new UnknownStore(`Store ${storeId} is not configured (and there is no "*" store).`);
  return store;
}
