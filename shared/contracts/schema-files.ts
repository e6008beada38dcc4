import { contracts } from './index.ts';

const slug = (detailType: string) => detailType.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Where each contract's published JSON Schema lives, and what it must say. */
export function contractSchemaFiles() {
  return [...contracts.inbound, ...contracts.outbound].map((contract) => ({
    contract,
    file: `docs/contracts/${slug(contract.detailType)}.v${contract.version}.schema.json`,
    schema: contract.jsonSchema(),
  }));
}
