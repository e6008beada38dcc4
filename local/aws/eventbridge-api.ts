import { randomUUID } from 'node:crypto';
import { compileEventPattern, type EventPattern, InvalidEventPattern } from '../eventbridge/pattern.ts';
import { type ApiService, AwsApiError } from './errors.ts';
import type { QueueStore } from './queue-store.ts';
import { ACCOUNT } from './sqs-api.ts';

export interface LocalRule {
  name: string;
  /** The bus the rule is on: closeloop's own when absent. */
  bus?: string;
  pattern: Record<string, unknown>;
  /** The local queue the rule's target is … */
  queue?: string;
  /** … or an HTTP endpoint (an API destination): handed the event after the put, delivered on its own. */
  deliver?: (event: Record<string, unknown>) => void;
}

const MAX_ENTRY_BYTES = 256 * 1024;

/** A bus named by name or ARN (a partner bus's name holds slashes: `aws.partner/shopify.com/1/x`). */
function busNameOf(nameOrArn: unknown): string {
  if (typeof nameOrArn !== 'string' || nameOrArn === '') return 'default';
  const arn = /^arn:aws[a-z-]*:events:[^:]*:[0-9]*:event-bus\/(.+)$/.exec(nameOrArn);
  return arn?.[1] ?? nameOrArn;
}
const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * The local EventBridge: PutEvents builds each event's envelope as EventBridge does and hands a copy to the
 * queue of every rule whose pattern matches, before answering, so a put the caller saw succeed is on disk.
 * TestEventPattern answers with the same matcher.
 *
 * Long because it is a table of API operations, one entry each, read and checked against AWS's reference entry by
 * entry; splitting it would scatter one API across files.
 */
export function eventBridgeApi(options: {
  busName: string;
  /** Further buses, such as a partner event bus: events put there meet only the rules on them. */
  otherBuses?: readonly string[];
  region: string;
  queues: QueueStore;
  rules: readonly LocalRule[];
  onEvent?: (event: Record<string, unknown>, matchedRules: string[]) => void;
  /** The time an event put without one gets: the runtime's clock. */
  now?: () => Date;
}): ApiService {
  const now = options.now ?? (() => new Date());
  const compiled: { rule: LocalRule; pattern: EventPattern }[] = options.rules.map((rule) => ({
    rule,
    pattern: compileEventPattern(rule.pattern),
  }));
  const busArn = `arn:aws:events:${options.region}:${ACCOUNT}:event-bus/${options.busName}`;

  const entryError = (code: string, message: string) => ({ ErrorCode: code, ErrorMessage: message });

  return {
    PutEvents: (input) => {
      const entries = input.Entries;
      if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
        throw new AwsApiError('ValidationException', 'Entries must hold between 1 and 10 events');
      }
      const results = entries.map((raw: Record<string, unknown>) => {
        const busName = busNameOf(raw.EventBusName);
        if (busName !== options.busName && !options.otherBuses?.includes(busName))
          return entryError('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
        if (typeof raw.Source !== 'string' || raw.Source === '')
          return entryError('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
        if (typeof raw.DetailType !== 'string' || raw.DetailType === '')
          return entryError(
            'InvalidArgument',
            'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
          );
        if (typeof raw.Detail !== 'string')
          return entryError('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
        const size = Buffer.byteLength(raw.Source) + Buffer.byteLength(raw.DetailType) + Buffer.byteLength(raw.Detail);
        if (size > MAX_ENTRY_BYTES)
          return entryError('InvalidArgument', 'Total size of the entries in the request is over the limit.');
        let detail: unknown;
        try {
          detail = JSON.parse(raw.Detail);
        } catch {
          return entryError('MalformedDetail', 'Detail is malformed.');
        }
        if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
          return entryError('MalformedDetail', 'Detail is malformed.');
        const time =
          raw.Time === undefined ? now() : new Date(typeof raw.Time === 'number' ? raw.Time * 1000 : String(raw.Time));
        const event = {
          version: '0',
          id: randomUUID(),
          'detail-type': raw.DetailType,
          source: raw.Source,
          account: ACCOUNT,
          time: (Number.isNaN(time.getTime()) ? now() : time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: options.region,
          resources: Array.isArray(raw.Resources) ? raw.Resources.map(String) : [],
          detail,
        };
        const body = JSON.stringify(event);
        const matched = compiled
          .filter(({ rule, pattern }) => (rule.bus ?? options.busName) === busName && pattern.matches(event))
          .map(({ rule }) => rule);
        for (const rule of matched) {
          if (rule.queue) options.queues.send(rule.queue, body);
          rule.deliver?.(event);
        }
        options.onEvent?.(
          event,
          matched.map((rule) => rule.name),
        );
        return { EventId: event.id };
      });
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    },
    TestEventPattern: (input) => {
      let pattern: EventPattern;
      try {
        pattern = compileEventPattern(String(input.EventPattern ?? ''));
      } catch (error) {
        if (error instanceof InvalidEventPattern) throw new AwsApiError('InvalidEventPatternException', error.message);
        throw error;
      }
      let event: unknown;
      try {
        event = JSON.parse(String(input.Event ?? ''));
      } catch {
        throw new AwsApiError('ValidationException', 'Parameter Event is not valid JSON.');
      }
      const missing = REQUIRED_EVENT_FIELDS.filter(
        (field) => typeof (event as Record<string, unknown>)?.[field] !== 'string',
      );
      if (missing.length > 0) {
        throw new AwsApiError(
          'ValidationException',
          `Parameter Event is not valid. Reason: missing ${missing.join(', ')}.`,
        );
      }
      return { Result: pattern.matches(event) };
    },
    DescribeEventBus: (input) => {
      const name = typeof input.Name === 'string' ? input.Name : 'default';
      if (name !== options.busName && name !== busArn)
        throw new AwsApiError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
      return { Name: options.busName, Arn: busArn };
    },
    ListRules: () => ({
      Rules: options.rules.map((rule) => ({
        Name: rule.name,
        EventBusName: options.busName,
        EventPattern: JSON.stringify(rule.pattern),
        State: 'ENABLED',
      })),
    }),
  };
}
