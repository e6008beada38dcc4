import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

/** The running local closeloop's addresses, from the same variables `npm start` reads. */
export function localUrls(env: NodeJS.ProcessEnv = process.env) {
  return {
    http: `http://127.0.0.1:${env.CLOSELOOP_HTTP_PORT || 3000}`,
    events: env.CLOSELOOP_EVENTS_URL || `http://127.0.0.1:${env.CLOSELOOP_EVENTS_PORT || 4010}`,
    ses: `http://127.0.0.1:${env.CLOSELOOP_SES_PORT || 8005}`,
  };
}
export type LocalUrls = ReturnType<typeof localUrls>;

export interface Email {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

/** The links of an email's HTML, decoded. */
export function linksOf(email: Email): URL[] {
  return [...(email.body.html ?? '').matchAll(/href="([^"]+)"/g)].flatMap((match) => {
    try {
      return [new URL((match[1] ?? '').replaceAll('&amp;', '&'))];
    } catch {
      return [];
    }
  });
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

/**
 * What the demo uses of a running local closeloop, each through the interface a real party would use: the bus (a
 * store), the inbox of SES local (the customers' mailboxes), the answer and unsubscribe links (a customer), the
 * staff API with a token per staff member (the staff), and the local control plane (the clock, the schedules, and
 * whether the pipeline is idle), which stands for time passing and for the AWS console.
 */
export function localCloseloop(urls: LocalUrls) {
  const bus = new EventBridgeClient({
    endpoint: urls.events,
    region: 'us-east-1',
    credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
  });
  const control = async <T>(path: string, method = 'GET') =>
    json<T>(await fetch(`${urls.events}${path}`, { method }), `${method} ${path}`);
  const tokens = new Map<string, string>();

  const api = {
    urls,
    /** Fails with a clear message when nothing answers on the ports. */
    async ready(): Promise<void> {
      const health = await fetch(`${urls.http}/health`).catch(() => undefined);
      if (health?.ok !== true)
        throw new Error(
          `closeloop is not running at ${urls.http} (start it with npm start; the demo reads CLOSELOOP_HTTP_PORT, CLOSELOOP_EVENTS_PORT and CLOSELOOP_SES_PORT as it does)`,
        );
    },
    setClock: (time: Date) => control(`/clock?time=${time.toISOString()}`, 'POST'),
    resetClock: () => control('/clock', 'DELETE'),
    runSchedule: (id: string) => control(`/schedules/run?id=${id}`, 'POST'),
    /** Until no consumer queue holds work (checked twice, a poll apart, for what HTTP calls put on the bus). */
    async idle(timeoutMs = 120_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      let empty = 0;
      while (empty < 2) {
        if (Date.now() > deadline) throw new Error(`the pipeline did not settle in ${timeoutMs / 1000} s`);
        const { pending } = await control<{ pending: number }>('/queues/pending');
        empty = pending === 0 ? empty + 1 : 0;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    /** Puts store events on the bus, ten per call, and checks that the bus took every one. */
    async put(events: readonly { detailType: string; detail: object }[]): Promise<void> {
      for (let i = 0; i < events.length; i += 10) {
        const result = await bus.send(
          new PutEventsCommand({
            Entries: events.slice(i, i + 10).map(({ detailType, detail }) => ({
              EventBusName: 'closeloop',
              Source: 'acme.webshop',
              DetailType: detailType,
              Detail: JSON.stringify(detail),
            })),
          }),
        );
        if (result.FailedEntryCount) throw new Error(`the bus refused: ${JSON.stringify(result.Entries)}`);
      }
    },
    /** The emails SES local took since `since` (real time, whole seconds: a second's overlap is the caller's). */
    async emails(since?: Date): Promise<Email[]> {
      const query = since === undefined ? '' : `?since=${Math.floor(since.getTime() / 1000) - 1}`;
      return (await json<{ emails: Email[] }>(await fetch(`${urls.ses}/store${query}`), 'the inbox')).emails;
    },
    /** A customer's answer, posted as the answer page posts it. */
    async answer(link: URL, fields: Record<string, string>): Promise<void> {
      const url = `${urls.http}${link.pathname}`;
      const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
      if (response.status >= 400) throw new Error(`answering ${url}: HTTP ${response.status}`);
    },
    /** The one-click unsubscribe a mail client posts. */
    async unsubscribe(link: URL): Promise<void> {
      const response = await fetch(`${urls.http}${link.pathname}`, {
        method: 'POST',
        body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
      });
      if (response.status >= 400) throw new Error(`unsubscribing: HTTP ${response.status}`);
    },
    /** A staff member's call to the staff API, with their own token (minted by the local user pool). */
    async staff<T>(username: string, path: string, body?: object): Promise<T> {
      let token = tokens.get(username);
      if (token === undefined) {
        const email = `${username}@acme.example`;
        token = (await control<{ token: string }>(`/staff-tokens?username=${username}&email=${email}`, 'POST')).token;
        tokens.set(username, token);
      }
      const response = await fetch(`${urls.http}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return json<T>(response, `${username}: ${path}`);
    },
  };
  return api;
}
export type LocalCloseloop = ReturnType<typeof localCloseloop>;
