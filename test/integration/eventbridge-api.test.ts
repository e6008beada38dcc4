import { PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { eventOf, invalidPatterns, patternCases } from '../fixtures/eventbridge/pattern-conformance.ts';
import { localClients } from '../support/runtime.ts';

const { eventBridge } = localClients();

describe('the local EventBridge API, through the AWS SDK', () => {
  it.each(patternCases)('TestEventPattern: $name', async (testCase) => {
    const { Result } = await eventBridge.send(
      new TestEventPatternCommand({
        EventPattern: JSON.stringify(testCase.pattern),
        Event: JSON.stringify(eventOf(testCase)),
      }),
    );
    expect(Result).toBe(testCase.matches);
  });

  it.each(invalidPatterns)('TestEventPattern refuses $name with InvalidEventPatternException', async ({ pattern }) => {
    const event = eventOf({ name: '', pattern: {}, matches: true });
    await expect(
      eventBridge.send(
        new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(event) }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
    });
  });

  it('TestEventPattern refuses an event without the envelope fields AWS requires', async () => {
    await expect(
      eventBridge.send(
        new TestEventPatternCommand({ EventPattern: '{"source":["a"]}', Event: JSON.stringify({ source: 'a' }) }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('PutEvents reports per-entry errors for a bad entry and accepts the good one beside it', async () => {
    const result = await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'closeloop', Source: 'acme', DetailType: 'Anything', Detail: '{"ok":true}' },
          { EventBusName: 'closeloop', Source: 'acme', DetailType: 'Anything', Detail: 'not json' },
          { EventBusName: 'no-such-bus', Source: 'acme', DetailType: 'Anything', Detail: '{}' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries?.[1]?.ErrorCode).toBe('MalformedDetail');
    expect(result.Entries?.[2]?.ErrorCode).toBe('ResourceNotFoundException');
  });

  it('PutEvents refuses more than ten entries', async () => {
    const entry = { EventBusName: 'closeloop', Source: 'acme', DetailType: 'Anything', Detail: '{}' };
    await expect(eventBridge.send(new PutEventsCommand({ Entries: Array(11).fill(entry) }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
