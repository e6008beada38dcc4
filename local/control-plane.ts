import { externalId } from '../shared/contracts/contract.ts';
import { AwsApiError } from './aws/errors.ts';
import type { QueueStore } from './aws/queue-store.ts';
import type { LocalObjects } from './aws/s3-objects.ts';
import type { CapacityMeter } from './capacity-meter.ts';
import type { LocalClock } from './clock.ts';
import type { FaultRule, startFaultProxy } from './fault-proxy.ts';
import type { FunctionTask } from './functions/bundles.ts';
import type { LocalMetrics } from './metrics.ts';
import type { LocalStaffIssuer } from './staff-issuer.ts';

/** How long the token `npm start` prints stays valid. */
export const STAFF_TOKEN_SECONDS = 12 * 60 * 60;

/** What the runtime knows that a person or a test may ask about or change; filled in as the runtime starts. */
export interface ControlState {
  recentEvents: { event: Record<string, unknown>; rules: string[] }[];
  objects: LocalObjects;
  tasks: Map<string, FunctionTask>;
  metrics: LocalMetrics;
  staffIssuer: LocalStaffIssuer;
  /** Fault injection in front of SES and DynamoDB, once they run: a test can make them fail as they do in AWS. */
  faults: Partial<Record<'ses' | 'dynamodb', Awaited<ReturnType<typeof startFaultProxy>>>>;
  /** DynamoDB's capacity units by operation, table and index, as every function's requests consume them. */
  capacity: CapacityMeter;
  queues: QueueStore;
  /** Scheduled functions by id, once they exist: a person (or a test) can run one for a given moment. */
  scheduled: Map<string, (time: Date) => Promise<unknown>>;
  /** The runtime's clock: what the functions, the schedules and the bus take for now. */
  clock: LocalClock;
}

/**
 * The local control plane: plain JSON pages beside the AWS APIs on the events endpoint, where AWS has a console or
 * CloudWatch. The dev bus log, the local S3, the functions' code, metrics, staff tokens, fault injection, the
 * queues' pending work, running a schedule for any moment, and the clock.
 */
export function controlPlane(state: ControlState): Record<string, (query: URLSearchParams, method: string) => unknown> {
  const { objects, metrics, staffIssuer, queues } = state;
  return {
    '/events': (query) => {
      const detailType = query.get('detail-type');
      return state.recentEvents.filter(({ event }) => detailType === null || event['detail-type'] === detailType);
    },
    // What the local S3 keeps: GET /objects?bucket=closeloop-inbound-mail.
    '/objects': (query) => objects.list(query.get('bucket')),
    // What each function runs from: its bundle's task folder (or, in sources mode, its TypeScript entry).
    '/functions': () => [...state.tasks].map(([id, task]) => ({ id, ...task })),
    // What CloudWatch would have made of the functions' EMF lines: GET /metrics?name=SurveysSent.
    '/metrics': (query) => metrics.list(query.get('name')),
    // The local user pool: its public keys, and tokens for a person or a test (an expired one too).
    '/staff-issuer/jwks.json': () => staffIssuer.jwks(),
    '/staff-tokens': (query, method) => {
      if (method !== 'POST')
        throw new AwsApiError('MethodNotAllowed', 'POST /staff-tokens?username=…&seconds=…&stores=…', 405);
      const seconds = Number(query.get('seconds') ?? STAFF_TOKEN_SECONDS);
      if (!Number.isInteger(seconds)) throw new AwsApiError('InvalidParameter', 'seconds must be an integer');
      const username = query.get('username') ?? 'staff';
      // `stores=store-berlin,store-paris` scopes the token to those stores (`stores=` to none); absent, every store.
      const stores = query.get('stores');
      const scoped = stores === null ? undefined : stores.split(',').filter((id) => id.length > 0);
      if (scoped?.some((id) => !externalId.safeParse(id).success))
        throw new AwsApiError('InvalidParameter', 'stores: store ids separated by commas');
      return { token: staffIssuer.mint({ username, email: query.get('email') ?? undefined, stores: scoped }, seconds) };
    },
    // GET: the faults injected so far. POST ?service=ses|dynamodb&rules=[{kind, every, operation?}]: replace a
    // service's rules. DELETE: no faults anywhere.
    '/faults': (query, method) => {
      if (method === 'DELETE') for (const proxy of Object.values(state.faults)) proxy.set([]);
      if (method === 'POST') {
        const service = query.get('service');
        const proxy = service === 'ses' || service === 'dynamodb' ? state.faults[service] : undefined;
        if (proxy === undefined) throw new AwsApiError('InvalidParameter', 'service must be ses or dynamodb');
        let rules: FaultRule[];
        try {
          rules = JSON.parse(query.get('rules') ?? '[]') as FaultRule[];
        } catch {
          throw new AwsApiError('InvalidParameter', 'rules must be a JSON array of {kind, every, operation?}');
        }
        proxy.set(rules);
      }
      return Object.fromEntries(Object.entries(state.faults).map(([service, proxy]) => [service, proxy.injected()]));
    },
    // POST: count DynamoDB's capacity units afresh from now on. GET: what was counted. DELETE: stop counting.
    '/capacity': (_query, method) => {
      if (method === 'POST') state.capacity.start();
      if (method === 'DELETE') state.capacity.stop();
      return { metering: state.capacity.metering, ...state.capacity.snapshot() };
    },
    // GET ?contains=a&contains=b: how many messages holding any marker the consumers' queues still hold.
    '/queues/pending': (query) => ({ pending: queues.pendingContaining(query.getAll('contains')) }),
    '/schedules/run': async (query, method) => {
      if (method !== 'POST') throw new AwsApiError('MethodNotAllowed', 'POST /schedules/run?id=…&time=…', 405);
      const run = state.scheduled.get(query.get('id') ?? '');
      if (run === undefined)
        throw new AwsApiError(
          'NotFound',
          `No scheduled function ${query.get('id')}; known: ${[...state.scheduled.keys()].join(', ')}`,
          404,
        );
      return run(query.get('time') === null ? state.clock.now() : timeParameter(query));
    },
    // GET: the runtime's time and its offset from real time. POST ?time=ISO: the clock reads that time from now on
    // (and runs on). DELETE: back to real time.
    '/clock': (query, method) => {
      if (method === 'POST') state.clock.set(timeParameter(query));
      if (method === 'DELETE') state.clock.reset();
      return { now: state.clock.now().toISOString(), offsetMs: state.clock.offsetMs() };
    },
  };
}

function timeParameter(query: URLSearchParams): Date {
  const time = new Date(query.get('time') ?? '');
  if (!/^\d{4}-\d\d-\d\dT/.test(query.get('time') ?? '') || Number.isNaN(time.getTime()))
    throw new AwsApiError('InvalidParameter', 'time must be an ISO 8601 date-time, such as 2026-10-01T09:00:00Z');
  return time;
}
