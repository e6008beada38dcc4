import { createHash, createHmac } from 'node:crypto';

/** Credentials as Lambda gives them in the environment (the execution role's temporary keys). */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface SigningScope {
  credentials: Credentials;
  region: string;
  /** The service's signing name: `dynamodb`, `ses`, `events`, `sqs`, `secretsmanager`, `bedrock`, `s3`. */
  service: string;
  /** S3 signs its path as sent; every other service escapes it once more. */
  escapePath: boolean;
}

export interface UnsignedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 escaping, as Signature Version 4 wants it (encodeURIComponent leaves `!'()*` alone). */
export const uriEscape = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Headers a proxy may change on the way: never signed, the same list as the SDK's signer leaves out. */
const UNSIGNED = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

function canonicalPath(url: URL, escapePath: boolean): string {
  if (!escapePath) return url.pathname || '/';
  const segments: string[] = [];
  for (const segment of url.pathname.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = url.pathname.length > 1 && url.pathname.endsWith('/') ? '/' : '';
  const path = `/${segments.join('/')}${segments.length > 0 ? trailing : ''}`;
  return uriEscape(path).replace(/%2F/g, '/');
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .map(([key, value]) => `${uriEscape(key)}=${uriEscape(value)}`)
    .sort()
    .join('&');
}

let cachedKey: { id: string; key: Buffer } | undefined;

function signingKey(scope: SigningScope, day: string): Buffer {
  const id = `${scope.credentials.secretAccessKey}/${day}/${scope.region}/${scope.service}`;
  if (cachedKey?.id !== id) {
    const dated = hmac(`AWS4${scope.credentials.secretAccessKey}`, day);
    cachedKey = { id, key: hmac(hmac(hmac(dated, scope.region), scope.service), 'aws4_request') };
  }
  return cachedKey.key;
}

/**
 * Signature Version 4 (the `Authorization` header), as AWS documents it and as the SDK's own signer computes it:
 * a unit test signs the same requests with `@smithy/signature-v4` and expects the same headers. Returns the
 * headers to send: the given ones, `host`, `x-amz-date`, the session token and the signature.
 */
export function sign(request: UnsignedRequest, scope: SigningScope, now: Date): Record<string, string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, host: request.url.host, 'x-amz-date': stamp };
  if (scope.credentials.sessionToken) headers['x-amz-security-token'] = scope.credentials.sessionToken;
  const payloadHash = headers['x-amz-content-sha256'] ?? sha256(request.body);
  const signed = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => !UNSIGNED.has(name))
    .sort();
  const lowered = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const canonical = [
    request.method,
    canonicalPath(request.url, scope.escapePath),
    canonicalQuery(request.url),
    signed.map((name) => `${name}:${String(lowered[name]).trim().replace(/\s+/g, ' ')}\n`).join(''),
    signed.join(';'),
    payloadHash,
  ].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', stamp, credentialScope, sha256(canonical)].join('\n');
  const signature = createHmac('sha256', signingKey(scope, day)).update(toSign).digest('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${scope.credentials.accessKeyId}/${credentialScope}, ` +
    `SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}
