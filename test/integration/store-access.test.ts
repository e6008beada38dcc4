import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { caseList, commentsPage, programsList, summaryReport } from '#shared/contracts/staff-api.ts';
import { wiring } from '#shared/topology/wiring.ts';
import { eventually, inbox, localClients, staffFetch } from '../support/runtime.ts';
import { postForm, surveyEmail } from '../support/surveys.ts';

const { urls, dynamo } = localClients();

async function mint(query: string) {
  const response = await fetch(`${urls.events}/staff-tokens?username=amira&${query}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function caseStatus(caseId: string) {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: 'closeloop', Key: keys.followUpCase(caseId), ConsistentRead: true }),
  );
  return Item?.status as string | undefined;
}

/** Two stores, each with a detractor who commented (so each has answers, a comment, aggregates and a case). */
interface World {
  mine: string;
  theirs: string;
  /** Their detractor's survey (= their case) and customer. */
  theirCase: string;
  theirCustomer: string;
  marker: string;
  /** Tokens: one scoped to `mine`, one to no store, and the runtime's own (every store). */
  scoped: string;
  none: string;
}

type Call = { method: string; path: string; body?: unknown };
interface Expectation {
  /** The request for the other store's data (or the whole business's). */
  asks: (world: World) => Call;
  /** What the scoped token gets: a 403 that changes nothing, or an answer holding only its own store. */
  outcome: 'forbidden' | 'filtered';
  /** For `filtered`: what the answer must (and must not) hold; for `forbidden`: that nothing changed. */
  check?: (world: World, body: unknown) => Promise<void> | void;
}

const period = () => {
  const today = new Date().toISOString().slice(0, 10);
  return `from=${today}&to=${today}`;
};
const report = (route: string, extra = '') => ({
  asks: (w: World): Call => ({
    method: 'GET',
    path: `${route}?program=purchase-nps&storeId=${w.theirs}&${period()}${extra}`,
  }),
  outcome: 'forbidden' as const,
});

/**
 * Every staff route of the wiring, and what a token scoped to one store gets when it asks for another store's data.
 * The test below fails when the wiring has a staff route this table does not name: a new route cannot skip it.
 */
const EXPECTED: Record<string, Expectation> = {
  'GET /api/reports/summary': report('/api/reports/summary'),
  'GET /api/reports/trend': report('/api/reports/trend'),
  'GET /api/reports/distribution': report('/api/reports/distribution'),
  'GET /api/reports/breakdown': report('/api/reports/breakdown', '&by=store'),
  'GET /api/reports/themes': report('/api/reports/themes'),
  'GET /api/reports/reasons': report('/api/reports/reasons'),
  'GET /api/reports/loop': report('/api/reports/loop'),
  'GET /api/reports/loyalty': report('/api/reports/loyalty'),
  'GET /api/reports/comments': report('/api/reports/comments'),
  'GET /api/reports/responses.csv': report('/api/reports/responses.csv'),
  'GET /api/programs': {
    asks: () => ({ method: 'GET', path: '/api/programs' }),
    outcome: 'filtered',
    check: (w, body) => {
      const choices = programsList().parse(body);
      expect(choices.stores).toEqual([w.mine]);
      expect(choices.access).toEqual({ allStores: false, stores: [w.mine] });
      expect(choices.sources).toBe(false);
    },
  },
  'GET /api/openapi.json': {
    // The document describes the API; it holds no store's data.
    asks: () => ({ method: 'GET', path: '/api/openapi.json' }),
    outcome: 'filtered',
    check: (w, body) => expect(JSON.stringify(body)).not.toContain(w.theirs),
  },
  'GET /api/cases': {
    asks: (w) => ({ method: 'GET', path: `/api/cases?storeId=${w.theirs}` }),
    outcome: 'forbidden',
  },
  'GET /api/cases/{caseId}': {
    asks: (w) => ({ method: 'GET', path: `/api/cases/${w.theirCase}` }),
    outcome: 'forbidden',
  },
  'POST /api/cases/{caseId}/acknowledge': {
    asks: (w) => ({ method: 'POST', path: `/api/cases/${w.theirCase}/acknowledge`, body: {} }),
    outcome: 'forbidden',
    check: async (w) => expect(await caseStatus(w.theirCase)).toBe('open'),
  },
  'POST /api/cases/{caseId}/resolve': {
    asks: (w) => ({
      method: 'POST',
      path: `/api/cases/${w.theirCase}/resolve`,
      body: { resolution: 'Called and refunded', rootCause: 'delivery' },
    }),
    outcome: 'forbidden',
    check: async (w) => expect(await caseStatus(w.theirCase)).toBe('open'),
  },
  'DELETE /api/customers/{customerId}': {
    // A customer is the business's: erasing needs every store.
    asks: (w) => ({ method: 'DELETE', path: `/api/customers/${w.theirCustomer}` }),
    outcome: 'forbidden',
    check: async (w) => expect(await caseStatus(w.theirCase)).toBe('open'),
  },
  'GET /api/sources': {
    // Sources feed every store.
    asks: () => ({ method: 'GET', path: '/api/sources' }),
    outcome: 'forbidden',
  },
};

function call(token: string | undefined, request: Call) {
  const init: RequestInit = {
    method: request.method,
    ...(request.body !== undefined
      ? { body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } }
      : {}),
  };
  const url = `${urls.http}${request.path}`;
  if (token === undefined) return staffFetch(url, init);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}

const bodyOf = async (response: Response) =>
  (response.headers.get('content-type') ?? '').includes('json') ? response.json() : response.text();

describe('per-store access', () => {
  const world = {} as World;

  beforeAll(async () => {
    world.marker = `scope-${Date.now()}`;
    const [mine, theirs] = await Promise.all([surveyEmail(), surveyEmail()]);
    for (const survey of [mine, theirs])
      expect(
        (await postForm(survey.answerUrl, { score: '2', comment: `${world.marker} at ${survey.storeId}` })).status,
      ).toBe(200);
    world.mine = mine.storeId;
    world.theirs = theirs.storeId;
    world.theirCase = theirs.surveyId;
    world.theirCustomer = theirs.detail.customer.id;
    await eventually(async () => ((await caseStatus(mine.surveyId)) ? true : undefined), 'my case');
    await eventually(async () => ((await caseStatus(theirs.surveyId)) ? true : undefined), 'their case');
    world.scoped = await mint(`stores=${world.mine}`);
    world.none = await mint('stores=');
  }, 60_000);

  it('covers every staff route of the wiring: 403 for another store, or an answer filtered to the caller’s', async () => {
    // Prepare: the staff routes, read from the wiring
    const routes = wiring.http
      .filter((definition) => definition.access.kind === 'staff')
      .flatMap((definition) => definition.routes.map((route) => `${route.method} ${route.path}`));
    expect(Object.keys(EXPECTED).sort()).toEqual([...routes].sort());
    for (const route of routes) {
      const expected = EXPECTED[route] as Expectation;
      const request = expected.asks(world);
      // Act: the scoped token asks for the other store
      const response = await call(world.scoped, request);
      const body = await bodyOf(response);
      // Assess
      if (expected.outcome === 'forbidden') {
        expect(response.status, `${route}: ${JSON.stringify(body)}`).toBe(403);
        expect((body as { error: { code: string } }).error.code, route).toBe('Forbidden');
      } else expect(response.status, route).toBe(200);
      await expected.check?.(world, body);
    }
  });

  it('the same requests with every store’s access succeed: the 403s are the scope’s, not the request’s', async () => {
    for (const [route, expected] of Object.entries(EXPECTED)) {
      if (route.startsWith('POST') || route.startsWith('DELETE')) continue;
      const response = await call(undefined, expected.asks(world));
      expect(response.status, route).toBe(200);
    }
  });

  it('without a store asked for, reports, comments, the export and cases hold the caller’s stores only', async () => {
    const as = async (token: string, path: string) => bodyOf(await call(token, { method: 'GET', path }));
    const mineOnly = summaryReport.parse(
      await as(world.scoped, `/api/reports/summary?program=purchase-nps&storeId=${world.mine}&${period()}`),
    );
    const unnamed = summaryReport.parse(
      await as(world.scoped, `/api/reports/summary?program=purchase-nps&${period()}`),
    );
    expect(unnamed.summary).toEqual(mineOnly.summary);
    expect(unnamed.scope.storeId).toBe(world.mine);

    const comments = commentsPage.parse(
      await as(world.scoped, `/api/reports/comments?q=${world.marker}&limit=100&${period()}`),
    ).comments;
    expect(comments.map((c) => c.storeId)).toEqual([world.mine]);
    const everyone = commentsPage.parse(
      await bodyOf(
        await call(undefined, { method: 'GET', path: `/api/reports/comments?q=${world.marker}&${period()}` }),
      ),
    );
    expect(everyone.comments.map((c) => c.storeId).sort()).toEqual([world.mine, world.theirs].sort());

    const csv = String(await as(world.scoped, `/api/reports/responses.csv?program=purchase-nps&${period()}`));
    expect(csv).toContain(world.mine);
    expect(csv).not.toContain(world.theirs);

    const cases = caseList().parse(await as(world.scoped, '/api/cases?limit=100')).cases;
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.storeId))).toEqual(new Set([world.mine]));
  });

  it('a token of two stores reads both and no third; a token of none reads nothing', async () => {
    const both = await mint(`stores=${world.mine},${world.theirs}`);
    const response = await call(both, {
      method: 'GET',
      path: `/api/reports/breakdown?program=purchase-nps&by=store&${period()}`,
    });
    const rows = ((await response.json()) as { rows: { storeId: string }[] }).rows.map((row) => row.storeId);
    expect(rows.sort()).toEqual([world.mine, world.theirs].sort());
    const comments = commentsPage.parse(
      await (await call(both, { method: 'GET', path: `/api/reports/comments?q=${world.marker}&${period()}` })).json(),
    ).comments;
    expect(comments).toHaveLength(2);

    const nothing = await call(world.none, { method: 'GET', path: `/api/reports/summary?program=purchase-nps` });
    expect(nothing.status).toBe(403);
    expect(((await nothing.json()) as { error: { message: string } }).error.message).toContain('any store');
  });

  it('a case link from an alert still acts for its recipient: the signed link is their access to that case', async () => {
    // Prepare: a detractor at a store whose staff get alerts
    const survey = await surveyEmail({ storeId: 'store-loop' });
    expect((await postForm(survey.answerUrl, { score: '1' })).status).toBe(200);
    const link = await eventually(async () => {
      const alerts = (await inbox(urls.ses, 'alerts@acme.example')).filter((mail) =>
        (mail.body.text ?? '').includes(survey.detail.customer.email),
      );
      return /(http:\/\/\S+\/c\/[^\s?]+)/.exec(alerts[0]?.body.text ?? '')?.[1];
    }, 'the detractor alert');
    // Act: the recipient acknowledges from the link
    const response = await postForm(link, { action: 'acknowledge' }, { accept: 'application/json' });
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      caseId: survey.surveyId,
      status: 'acknowledged',
      outcome: 'changed',
    });
    expect(await caseStatus(survey.surveyId)).toBe('acknowledged');
  });
});
