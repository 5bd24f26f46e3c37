import type { BlobStore } from '../core/ports.js';
import type { OpenS3 } from './clients.js';

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: OpenS3,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer, meta: { contentType: string; contentEncoding?: string }): Promise<void> {
    const { sdk, client } = await this.s3();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: meta.contentType,
        ...(meta.contentEncoding ? { ContentEncoding: meta.contentEncoding } : {}),
      }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    const { sdk, client } = await this.s3();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof sdk.NoSuchKey || (error as Error).name === 'NoSuchKey') return null;
      throw error;
    }
  }
}
