import type { S3Client } from '@aws-sdk/client-s3';
import { countCalls, newCallCounts, type CallCounts } from './call-counter.js';
import { DynamoJsonClient } from './dynamo-json-client.js';

/** Where storage lives: AWS (no endpoints) or the embedded local servers. */
export interface StorageEndpoints {
  region?: string;
  s3Endpoint?: string;
  dynamoEndpoint?: string;
}

/** The S3 module and a client made from it, loaded together on first use. */
export interface S3Connection {
  sdk: typeof import('@aws-sdk/client-s3');
  client: S3Client;
}

/**
 * Opens S3 on first call and returns the same connection after that. S3 is loaded lazily
 * because most invocations never touch it: schedule does not, and a poll where nothing is
 * new stores nothing. Its module is a chunk of its own in the bundles (lib/bundling.ts), so
 * those cold starts do not compile it (`npm run bench -- --only bundles` shows the effect).
 */
export type OpenS3 = () => Promise<S3Connection>;

export interface StorageClients {
  s3: OpenS3;
  /** The table, through the signed JSON path (store/dynamo-json-client.ts), document values in and out. */
  doc: DynamoJsonClient;
  counts: CallCounts;
  destroy(): void;
}

/** Local servers accept any key; the SDK still needs one to sign requests. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createStorageClients(endpoints: StorageEndpoints = {}): StorageClients {
  const region = endpoints.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const local = Boolean(endpoints.s3Endpoint || endpoints.dynamoEndpoint);
  const counts = newCallCounts();
  let s3: Promise<S3Connection> | undefined;
  let s3Client: S3Client | undefined;
  const openS3: OpenS3 = () =>
    (s3 ??= import('@aws-sdk/client-s3').then((sdk) => {
      s3Client = new sdk.S3Client({
        region,
        ...(endpoints.s3Endpoint ? { endpoint: endpoints.s3Endpoint, forcePathStyle: true } : {}),
        ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
      });
      countCalls(s3Client, 's3', counts);
      return { sdk, client: s3Client };
    }));
  const doc = new DynamoJsonClient({
    region,
    ...(endpoints.dynamoEndpoint ? { endpoint: endpoints.dynamoEndpoint } : {}),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
    onSend: () => {
      counts.dynamo += 1;
    },
  });
  return {
    s3: openS3,
    doc,
    counts,
    destroy() {
      s3Client?.destroy();
      doc.destroy();
    },
  };
}
