import { createHash, randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';

export interface QueueDefinition {
  name: string;
  visibilityTimeoutSeconds: number;
  redrive?: { deadLetterQueue: string; maxReceiveCount: number } | undefined;
}

export type MessageAttributes = Record<string, { DataType: string; StringValue?: string }>;

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: MessageAttributes;
  receiveCount: number;
  sentTimestamp: number;
  firstReceiveTimestamp: number;
}

export const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * Local SQS queues on disk (SQLite): a message survives a restart of the runtime until it is deleted, exactly as
 * in SQS. Receiving hides a message for the visibility timeout; a message received more than its queue's
 * maxReceiveCount times moves to the dead-letter queue on the next receive, as SQS's redrive policy does.
 */
export class QueueStore {
  private readonly db: DatabaseSync;
  private readonly queues = new Map<string, QueueDefinition>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly now: () => number;

  constructor(file: string, now: () => number = Date.now) {
    this.now = now;
    this.db = new DatabaseSync(file);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        queue TEXT NOT NULL,
        body TEXT NOT NULL,
        attributes TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        visible_at INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at INTEGER,
        receipt_handle TEXT
      );
      CREATE INDEX IF NOT EXISTS messages_ready ON messages (queue, visible_at, seq);
    `);
  }

  /**
   * Makes every message a consumer had in flight visible again, with its receive count: at start-up the consumers
   * that held them died with the previous process. (SQS would wait out their visibility timeout; nothing else
   * differs, and nothing is lost or doubled: the handlers are idempotent.)
   */
  returnInFlight(): number {
    const now = this.now();
    const result = this.db
      .prepare(
        'UPDATE messages SET visible_at = ?, receipt_handle = NULL WHERE receipt_handle IS NOT NULL AND visible_at > ?',
      )
      .run(now, now);
    return Number(result.changes);
  }

  define(queue: QueueDefinition): void {
    this.queues.set(queue.name, queue);
  }

  has(name: string): boolean {
    return this.queues.has(name);
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  definition(name: string): QueueDefinition | undefined {
    return this.queues.get(name);
  }

  send(
    queue: string,
    body: string,
    attributes: MessageAttributes = {},
    delaySeconds = 0,
  ): { messageId: string; md5OfBody: string } {
    const messageId = randomUUID();
    const now = this.now();
    this.db
      .prepare('INSERT INTO messages (id, queue, body, attributes, sent_at, visible_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(messageId, queue, body, JSON.stringify(attributes), now, now + delaySeconds * 1000);
    for (const listener of this.listeners.get(queue) ?? []) listener();
    return { messageId, md5OfBody: md5(body) };
  }

  receive(queue: string, max: number, visibilityTimeoutMs?: number): ReceivedMessage[] {
    const definition = this.queues.get(queue);
    if (definition === undefined) return [];
    const now = this.now();
    const hideFor = visibilityTimeoutMs ?? definition.visibilityTimeoutSeconds * 1000;
    const received: ReceivedMessage[] = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const candidates = this.db
        .prepare('SELECT * FROM messages WHERE queue = ? AND visible_at <= ? ORDER BY seq LIMIT ?')
        .all(queue, now, max * 2) as Record<string, string | number | null>[];
      for (const row of candidates) {
        if (received.length >= max) break;
        const count = Number(row.receive_count);
        if (definition.redrive && count >= definition.redrive.maxReceiveCount) {
          this.db
            .prepare(
              'UPDATE messages SET queue = ?, visible_at = ?, receipt_handle = NULL, receive_count = 0 WHERE seq = ?',
            )
            .run(definition.redrive.deadLetterQueue, now, Number(row.seq));
          continue;
        }
        const receiptHandle = randomUUID();
        const firstReceivedAt = row.first_received_at === null ? now : Number(row.first_received_at);
        this.db
          .prepare(
            'UPDATE messages SET visible_at = ?, receive_count = ?, receipt_handle = ?, first_received_at = ? WHERE seq = ?',
          )
          .run(now + hideFor, count + 1, receiptHandle, firstReceivedAt, Number(row.seq));
        const body = String(row.body);
        received.push({
          messageId: String(row.id),
          receiptHandle,
          body,
          md5OfBody: md5(body),
          attributes: JSON.parse(String(row.attributes)) as MessageAttributes,
          receiveCount: count + 1,
          sentTimestamp: Number(row.sent_at),
          firstReceiveTimestamp: firstReceivedAt,
        });
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return received;
  }

  delete(queue: string, receiptHandle: string): boolean {
    return (
      this.db.prepare('DELETE FROM messages WHERE queue = ? AND receipt_handle = ?').run(queue, receiptHandle).changes >
      0
    );
  }

  changeVisibility(queue: string, receiptHandle: string, timeoutMs: number): boolean {
    return (
      this.db
        .prepare('UPDATE messages SET visible_at = ? WHERE queue = ? AND receipt_handle = ?')
        .run(this.now() + timeoutMs, queue, receiptHandle).changes > 0
    );
  }

  counts(queue: string): { visible: number; inFlight: number } {
    const now = this.now();
    const row = this.db
      .prepare('SELECT SUM(visible_at <= ?) AS visible, SUM(visible_at > ?) AS inFlight FROM messages WHERE queue = ?')
      .get(now, now, queue) as { visible: number | null; inFlight: number | null };
    return { visible: row.visible ?? 0, inFlight: row.inFlight ?? 0 };
  }

  /**
   * Messages still to be processed — visible or in flight, on any queue that redrives to a dead-letter queue (the
   * consumers' queues) — whose bodies hold any of `markers` (every message when none is given): what a test waits
   * on to know the pipeline is done with its own events, whatever other tests are doing.
   */
  pendingContaining(markers: readonly string[]): number {
    const queues = this.names().filter((name) => this.definition(name)?.redrive !== undefined);
    if (queues.length === 0) return 0;
    const holding = markers.length === 0 ? '' : ` AND (${markers.map(() => 'instr(body, ?) > 0').join(' OR ')})`;
    const row = this.db
      .prepare(`SELECT COUNT(*) AS pending FROM messages WHERE queue IN (${queues.map(() => '?').join(',')})${holding}`)
      .get(...queues, ...markers) as { pending: number };
    return row.pending;
  }

  /** Moves every message of one queue to another, visible at once and with a fresh receive count: a redrive. */
  moveAll(from: string, to: string): number {
    return Number(
      this.db
        .prepare(
          'UPDATE messages SET queue = ?, visible_at = ?, receive_count = 0, receipt_handle = NULL, first_received_at = NULL WHERE queue = ?',
        )
        .run(to, this.now(), from).changes,
    );
  }

  purge(queue: string): void {
    this.db.prepare('DELETE FROM messages WHERE queue = ?').run(queue);
  }

  /** Calls back whenever a message is sent to the queue, so pollers wake at once instead of on their next tick. */
  onSend(queue: string, listener: () => void): () => void {
    const set = this.listeners.get(queue) ?? new Set();
    set.add(listener);
    this.listeners.set(queue, set);
    return () => set.delete(listener);
  }

  close(): void {
    this.db.close();
  }
}
