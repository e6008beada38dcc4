import * as z from 'zod';

/** The stage is a validated value: it picks names, retention and whether data survives a stack deletion. */
export const stageSchema = z.enum(['dev', 'staging', 'prod']);
export type Stage = z.infer<typeof stageSchema>;

export const isProduction = (stage: Stage) => stage === 'prod';
