import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { InboundMail } from '../ports/inbound-mail.ts';
import { parseMime } from './mime.ts';

/** Raw messages SES's receipt rule stored in S3. */
export class S3InboundMail implements InboundMail {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async read(key: string, envelopeRecipients: readonly string[]) {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!object.Body) throw new Error(`Inbound message ${key} is empty`);
    return parseMime(Buffer.from(await object.Body.transformToByteArray()), envelopeRecipients);
  }

  async discard(key: string) {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
