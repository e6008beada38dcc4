import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contractSchemaFiles } from '../shared/contracts/schema-files.ts';

/** Writes the JSON Schema of every event contract to docs/contracts and the staff API's OpenAPI document to docs. */
for (const { file, schema } of contractSchemaFiles()) {
  writeFileSync(resolve(import.meta.dirname, '..', file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
