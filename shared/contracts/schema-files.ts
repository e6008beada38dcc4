import { jsonSchemaOf } from './contract.ts';
import { contracts } from './index.ts';
import { openApiDocument } from './staff-api.ts';

const slug = (detailType: string) => detailType.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Where each contract's published JSON Schema lives, and what it must say. */
export function contractSchemaFiles(): { file: string; schema: Record<string, unknown> }[] {
  return [
    ...[...contracts.inbound, ...contracts.outbound].map((contract) => ({
      file: `docs/contracts/${slug(contract.detailType)}.v${contract.version}.schema.json`,
      schema: jsonSchemaOf(contract),
    })),
    // The staff API, as /api/openapi.json serves it (with the deployment's own URL as the server).
    { file: 'docs/staff-api.openapi.json', schema: openApiDocument('https://feedback.example.com') },
  ];
}
