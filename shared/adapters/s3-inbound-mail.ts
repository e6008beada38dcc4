import type { InboundMail } from '../ports/inbound-mail.ts';
import type { S3Api } from './aws/services.ts';
import { parseMime } from './mime.ts';

/** Raw messages SES's receipt rule stored in S3. */
export class S3InboundMail implements InboundMail {
  private readonly s3: S3Api;
  private readonly bucket: string;

  constructor(s3: S3Api, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async read(key: string, envelopeRecipients: readonly string[]) {
    const object = await this.s3.getObject(this.bucket, key);
    if (object.length === 0) throw new Error(`Inbound message ${key} is empty`);
    return parseMime(object, envelopeRecipients);
  }

  async discard(key: string) {
    await this.s3.deleteObject(this.bucket, key);
  }
}
