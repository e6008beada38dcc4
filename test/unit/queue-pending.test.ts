import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueueStore } from '#local/aws/queue-store.ts';

/** What `quiet` in test/support waits on: the local queues' messages still to be processed, by marker. */
describe('messages pending on the local consumer queues', () => {
  const store = () => {
    const queues = new QueueStore(join(mkdtempSync(join(tmpdir(), 'closeloop-queues-')), 'q.db'), () => 1_000_000);
    queues.define({ name: 'work-dlq', visibilityTimeoutSeconds: 30 });
    queues.define({
      name: 'work',
      visibilityTimeoutSeconds: 30,
      redrive: { deadLetterQueue: 'work-dlq', maxReceiveCount: 2 },
    });
    return { queues };
  };

  it('counts visible, delayed and in-flight messages that hold a marker, until they are deleted', () => {
    // Prepare
    const { queues } = store();
    queues.send('work', '{"surveyId":"s-1"}');
    queues.send('work', '{"surveyId":"s-2"}', {}, 60);
    queues.send('work', '{"surveyId":"other"}');
    // Act
    const [received] = queues.receive('work', 1);
    // Assess
    expect(queues.pendingContaining(['s-1'])).toBe(1);
    expect(queues.pendingContaining(['s-1', 's-2'])).toBe(2);
    expect(queues.pendingContaining([])).toBe(3);
    queues.delete('work', received?.receiptHandle ?? '');
    expect(queues.pendingContaining(['s-1'])).toBe(0);
  });

  it('leaves dead letters out: they wait for a person, not for the pipeline', () => {
    const { queues } = store();
    queues.send('work-dlq', '{"surveyId":"s-1"}');
    expect(queues.pendingContaining(['s-1'])).toBe(0);
    expect(queues.pendingContaining([])).toBe(0);
  });
});
