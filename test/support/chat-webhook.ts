import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a chat's incoming webhook (Slack's takes `{"text": …}`): it keeps every POST and shows them at
 * `GET /posts`. Tests read what staff would have seen in the channel.
 */
export async function startChatWebhook(): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const posts: { path: string; body: unknown }[] = [];
  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/posts') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(posts));
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        posts.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      } catch {
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end('invalid_payload');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
