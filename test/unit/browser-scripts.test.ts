import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, generatedModule } from '../../scripts/build-browser-scripts.ts';

describe('the pages’ browser scripts', () => {
  it('are served as bundled from their TypeScript sources: the generated module is not stale', async () => {
    // A change to shared/rendering/browser/*.ts without `npm run build:browser` would ship the old script.
    expect(readFileSync(GENERATED, 'utf8')).toBe(await generatedModule());
  });
});
