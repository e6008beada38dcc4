import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The contracts are written with `zod/mini`, the same schemas as classic zod's without a method per schema for every
 * check: its module and its schemas build in a fraction of classic zod's time at a cold start, and they export the
 * same JSON Schema. Two things classic zod did by itself are done here, once for every bundle that parses: English
 * messages (classic zod sets them on first use; `zod/mini` would say only "Invalid input"), and `.describe`. Every
 * module that builds schemas imports this one, so that no bundle parses before the messages are set.
 */
z.config(en());

/** A copy of `schema` described as `description` in its JSON Schema, as classic zod's `schema.describe(text)` is. */
export function described<S extends z.core.$ZodType>(schema: S, description: string): S {
  const copy = z.clone(schema);
  z.globalRegistry.add(copy, { description });
  return copy;
}

/** `fn` applied to the input before `schema` reads it, as classic zod's `z.preprocess(fn, schema)` is. */
export function preprocess<S extends z.core.$ZodType>(fn: (value: unknown) => unknown, schema: S) {
  return z.pipe(z.transform(fn), schema);
}

/**
 * A schema built on its first use, then kept. A schema is built where it is declared, whether or not the function
 * ever reads it: a function that serves many routes, or reads and puts several events (`defineContract`), builds
 * none of their schemas at its cold start, and then only those its requests and events use.
 */
export function builtOnFirstUse<S>(build: () => S): () => S {
  let schema: S | undefined;
  return () => {
    schema ??= build();
    return schema;
  };
}
