import { defineConfig } from 'vitest/config';

/** The use-case tests that need a table and nothing else: they run on DynamoDB Local and on the load model. */
const MODEL_TESTS = [
  'test/integration/survey-programs.test.ts',
  'test/integration/reminders-and-limits.test.ts',
  'test/integration/write-budget.test.ts',
  'test/integration/purchase-completed.test.ts',
  'test/integration/purchase-ledger.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Handlers log through Powertools; tests assert behaviour, not log lines.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // The load model's in-process table runs the use-case tests DynamoDB Local runs: the same conditional
      // writes, transactions and index queries, through the SDK's serialization and through the model's client.
      ...(['sdk', 'direct'] as const).map((model) => ({
        test: {
          name: `model-${model}`,
          include: MODEL_TESTS,
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CLOSELOOP_TABLE_MODEL: model },
        },
      })),
    ],
  },
});
