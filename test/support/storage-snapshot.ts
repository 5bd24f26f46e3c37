/**
 * Reads back what a run left in the embedded servers (every table row as DynamoDB's
 * AttributeValues, every object of a bucket) and turns table changes into the stream records
 * DynamoDB would emit for them. Through the public DynamoDB and S3 APIs only, so the tests do
 * not depend on how the handlers' own storage code talks to them.
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBRecord } from 'aws-lambda';
import type { EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';

export type Row = Record<string, AttributeValue>;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const keyOf = (row: Row) => `${row.pk?.S}|${row.sk?.S}`;

/** Every row of the table, keyed by `pk|sk`. */
export async function scanTable(storage: EmbeddedStorage): Promise<Map<string, Row>> {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: storage.dynamoEndpoint, credentials });
  const rows = new Map<string, Row>();
  try {
    let start: Row | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: storage.env.TABLE_NAME, ExclusiveStartKey: start }));
      for (const row of page.Items ?? []) rows.set(keyOf(row), row);
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    client.destroy();
  }
  return rows;
}

export interface StoredObject {
  body: Buffer;
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
}

/** Every object of a bucket, keyed by its key. */
export async function readBucket(storage: EmbeddedStorage, bucket: string): Promise<Map<string, StoredObject>> {
  const client = new S3Client({ region: 'us-east-1', endpoint: storage.s3Endpoint, forcePathStyle: true, credentials });
  const objects = new Map<string, StoredObject>();
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const { Key } of page.Contents ?? []) {
        const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: Key! }));
        objects.set(Key!, {
          body: Buffer.from(await got.Body!.transformToByteArray()),
          contentType: got.ContentType,
          contentEncoding: got.ContentEncoding,
          cacheControl: got.CacheControl,
        });
      }
      token = page.NextContinuationToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return objects;
}

let sequence = 1000;

/**
 * The records a NEW_IMAGE stream holds for the rows that `after` added or changed since
 * `before`: INSERT for a new key, MODIFY for a changed row (a key written with the same bytes
 * again makes no record, as in DynamoDB).
 */
export function streamRecordsBetween(before: Map<string, Row>, after: Map<string, Row>, tableArn: string): DynamoDBRecord[] {
  const records: DynamoDBRecord[] = [];
  for (const [key, row] of after) {
    const old = before.get(key);
    if (old && JSON.stringify(sorted(old)) === JSON.stringify(sorted(row))) continue;
    sequence += 1;
    records.push({
      eventID: `rec-${sequence}`,
      eventName: old ? 'MODIFY' : 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-central-1',
      eventSourceARN: `${tableArn}/stream/2026-12-04T00:00:00.000`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: { pk: row.pk!, sk: row.sk! } as never,
        NewImage: row as never,
        SequenceNumber: String(sequence).padStart(21, '0'),
        SizeBytes: JSON.stringify(row).length,
        StreamViewType: 'NEW_IMAGE',
      },
    });
  }
  return records;
}

function sorted(row: Row): Row {
  return Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)));
}
