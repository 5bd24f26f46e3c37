import { createHash } from 'node:crypto';
import type { FeedTarget } from '../core/ports.js';
import type { PublishedFile } from '../core/types.js';
import { cacheControlFor } from '../feed/content-types.js';
import type { OpenS3, S3Connection } from './clients.js';

/**
 * Writes feeds to the feed bucket, skipping files whose bytes are already there: one
 * listing gives every stored ETag (the MD5 of a single-part upload), so an unchanged
 * publish costs one request and no writes.
 */
export class S3FeedTarget implements FeedTarget {
  constructor(
    private readonly s3: OpenS3,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {}

  async publish(files: readonly PublishedFile[]): Promise<{ written: string[]; unchanged: string[] }> {
    const s3 = await this.s3();
    const stored = await this.storedEtags(s3);
    const written: string[] = [];
    const unchanged: string[] = [];
    for (const file of files) {
      const body = Buffer.from(file.body, 'utf8');
      const md5 = createHash('md5').update(body).digest('hex');
      const key = this.prefix + file.path;
      if (stored.get(key) === md5) {
        unchanged.push(file.path);
        continue;
      }
      await s3.client.send(
        new s3.sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: file.contentType,
          // The same headers `rujp serve` sends, so CloudFront and readers cache as locally.
          CacheControl: cacheControlFor(file.path),
          ContentMD5: createHash('md5').update(body).digest('base64'),
        }),
      );
      written.push(file.path);
    }
    return { written, unchanged };
  }

  private async storedEtags({ sdk, client }: S3Connection): Promise<Map<string, string>> {
    const etags = new Map<string, string>();
    let token: string | undefined;
    do {
      const out = await client.send(
        new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix || undefined, ContinuationToken: token }),
      );
      for (const object of out.Contents ?? []) {
        if (object.Key && object.ETag) etags.set(object.Key, object.ETag.replaceAll('"', ''));
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return etags;
  }
}
