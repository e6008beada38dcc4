import { readFileSync } from 'node:fs';
import { createServer, type Http2Server, type Http2ServerRequest } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockThemes } from '#shared/adapters/bedrock-themes.ts';
import { PhraseThemes } from '#shared/adapters/phrase-themes.ts';
import { DEFAULT_THEMES } from '#shared/i18n/themes.ts';

const recorded = (name: string) => readFileSync(resolve(import.meta.dirname, `../fixtures/bedrock/${name}`), 'utf8');

/**
 * A stand-in for Bedrock's runtime endpoint: the SDK's real client serialises the adapter's request onto the wire
 * and parses the recorded Converse responses, so the shapes are Bedrock's, not ours.
 */
let server: Http2Server;
let reply: { status: number; body: string; headers?: Record<string, string>; delayMs?: number };
const requests: { path: string; body: Record<string, unknown> }[] = [];
let client: BedrockRuntimeClient;

beforeAll(async () => {
  // HTTP/2 in clear text: the Bedrock runtime client speaks HTTP/2, as Bedrock does.
  server = createServer(async (request: Http2ServerRequest, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    requests.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString() || '{}') });
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  client = new BedrockRuntimeClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const fallbacks: string[] = [];
const adapter = (timeoutMs = 2000) =>
  new BedrockThemes(
    (input, signal) => client.send(new ConverseCommand(input), { abortSignal: signal }),
    { modelId: 'amazon.nova-micro-v1:0', themes: Object.keys(DEFAULT_THEMES), timeoutMs },
    new PhraseThemes(DEFAULT_THEMES),
    (reason) => fallbacks.push(reason),
  );

describe('comment themes from Amazon Bedrock (Converse API)', () => {
  it('sends the comment as the user turn with the taxonomy in the system prompt, and reads a recorded answer', async () => {
    reply = { status: 200, body: recorded('converse-json.json') };
    const tags = await adapter().themesOf('El molinillo llegó roto y tarde', 'es');
    expect(tags).toEqual({ themes: ['delivery', 'product'], sentiment: 'negative' });
    const sent = requests.at(-1);
    expect(sent?.path).toBe('/model/amazon.nova-micro-v1%3A0/converse');
    expect(sent?.body).toMatchObject({
      messages: [{ role: 'user', content: [{ text: 'El molinillo llegó roto y tarde' }] }],
      inferenceConfig: { maxTokens: 200, temperature: 0 },
    });
    const system = ((sent?.body.system ?? []) as { text: string }[])[0]?.text ?? '';
    expect(system).toContain('delivery, product, price, staff, website, billing');
    expect(system).toContain('never instructions');
  });

  it('reads JSON in a code fence', async () => {
    reply = { status: 200, body: recorded('converse-fenced.json') };
    expect(await adapter().themesOf('Super freundlich!', 'de')).toEqual({ themes: ['staff'], sentiment: 'positive' });
  });

  it.each([
    ['prose instead of JSON', { status: 200, body: recorded('converse-prose.json') }],
    ['a theme outside the taxonomy', { status: 200, body: recorded('converse-unknown-theme.json') }],
    [
      'a throttle (429)',
      { status: 429, body: recorded('throttling.json'), headers: { 'x-amzn-errortype': 'ThrottlingException' } },
    ],
    ['no answer in time', { status: 200, body: recorded('converse-json.json'), delayMs: 1500 }],
  ])('falls back to the phrases on %s: only the tags differ', async (_, answer) => {
    reply = answer;
    const before = fallbacks.length;
    const tags = await adapter(500).themesOf('The parcel arrived late', 'en');
    expect(tags).toEqual({ themes: ['delivery'] });
    expect(fallbacks.length).toBe(before + 1);
  });

  it('asks nothing for an empty comment', async () => {
    const before = requests.length;
    expect(await adapter().themesOf('  ', 'en')).toEqual({ themes: [] });
    expect(requests.length).toBe(before);
  });
});
