import { createHash } from 'node:crypto';
import {
  type Dirent,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * A local S3 for the few buckets closeloop uses: objects are files under `root/{bucket}/{key}`. Serves
 * GetObject and DeleteObject (path-style) to the SDK; the local SMTP server writes objects as SES's S3 action does.
 */
export class LocalObjects {
  private readonly root: string;
  private readonly buckets: ReadonlySet<string>;

  constructor(root: string, buckets: readonly string[]) {
    this.root = resolve(root);
    this.buckets = new Set(buckets);
  }

  private path(bucket: string, key: string): string {
    const file = resolve(join(this.root, bucket, key));
    if (!file.startsWith(join(this.root, bucket))) throw new RangeError('key escapes the bucket');
    return file;
  }

  put(bucket: string, key: string, body: Buffer): void {
    const file = this.path(bucket, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }

  /** The keys held in a bucket of ours: for a person (or a test) to see what is kept. */
  list(bucket: string | null): string[] {
    if (bucket === null || !this.buckets.has(bucket)) return [];
    const dir = join(this.root, bucket);
    if (!existsSync(dir)) return [];
    return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }

  /** Answers `GET` and `DELETE /{bucket}/{key}` if the bucket is ours; says whether it did. */
  serve(method: string, pathname: string, response: ServerResponse): boolean {
    const [, bucket = '', ...rest] = pathname.split('/');
    if ((method !== 'GET' && method !== 'DELETE') || !this.buckets.has(bucket)) return false;
    let key: string;
    let file: string;
    try {
      key = decodeURIComponent(rest.join('/'));
      file = this.path(bucket, key);
    } catch {
      // A broken escape, or a key that climbs out of its bucket (`..%2f`): S3 would not find it either.
      response.writeHead(400, { 'content-type': 'application/xml' });
      response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidURI</Code></Error>');
      return true;
    }
    if (method === 'DELETE') {
      // As S3: deleting what is not there succeeds too.
      rmSync(file, { force: true });
      response.writeHead(204);
      response.end();
      return true;
    }
    if (!existsSync(file)) {
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key.replace(/[<>&]/g, '')}</Key></Error>`,
      );
      return true;
    }
    const body = readFileSync(file);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      'last-modified': statSync(file).mtime.toUTCString(),
    });
    response.end(body);
    return true;
  }
}
