import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { createStorageClients, LOCAL_CREDENTIALS } from '../store/clients.js';
import { tableDefinition } from '../store/table-design.js';

/** Names of the local resources; the deployed stack names its own. */
export const LOCAL_NAMES = {
  table: 'rujp-items',
  archiveBucket: 'rujp-archive',
  feedBucket: 'rujp-feed',
} as const;

export interface EmbeddedStorage {
  s3Endpoint: string;
  dynamoEndpoint: string;
  /** The environment a handler needs to use these servers. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export class StorageStartError extends Error {
  override name = 'StorageStartError';
}

/**
 * Starts DynamoDB- and S3-compatible servers on 127.0.0.1 (free ports), keeping their
 * data under `dataDir`, and creates the table and buckets on first use. dynalite stores
 * in LevelDB and s3rver in plain files, so a second run sees the first one's items.
 */
export async function startEmbeddedStorage(dataDir: string): Promise<EmbeddedStorage> {
  const dynamoDir = path.join(dataDir, 'dynamodb');
  const s3Dir = path.join(dataDir, 's3');
  try {
    mkdirSync(dynamoDir, { recursive: true });
    mkdirSync(s3Dir, { recursive: true });
  } catch (error) {
    throw new StorageStartError(`cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }

  const dynamo = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      dynamo.once('error', reject);
      dynamo.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    throw new StorageStartError(`cannot start the local DynamoDB server: ${(error as Error).message}`);
  }
  const dynamoPort = (dynamo.address() as AddressInfo).port;

  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir });
  let s3Port: number;
  try {
    s3Port = (await s3.run()).port;
  } catch (error) {
    dynamo.close();
    throw new StorageStartError(`cannot start the local S3 server: ${(error as Error).message}`);
  }

  const storage: EmbeddedStorage = {
    s3Endpoint: `http://127.0.0.1:${s3Port}`,
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    env: {
      RUJP_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      RUJP_DYNAMO_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
      TABLE_NAME: LOCAL_NAMES.table,
      ARCHIVE_BUCKET: LOCAL_NAMES.archiveBucket,
      FEED_BUCKET: LOCAL_NAMES.feedBucket,
      AWS_REGION: 'us-east-1',
    },
    async close() {
      await s3.close().catch(() => {});
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
  try {
    await ensureResources(storage);
  } catch (error) {
    await storage.close();
    const message = (error as Error).message;
    throw new StorageStartError(
      /lock/i.test(message)
        ? `the data folder ${dataDir} is in use by another rujp process: ${message}`
        : `cannot prepare local storage in ${dataDir}: ${message}`,
    );
  }
  return storage;
}

/** Creates the table and buckets if missing; its calls are set-up, not counted in a pass. */
async function ensureResources(storage: EmbeddedStorage): Promise<void> {
  const clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
  // Table set-up is local only, so it may use the SDK the Lambdas no longer load for DynamoDB.
  const admin = new DynamoDBClient({ region: 'us-east-1', endpoint: storage.dynamoEndpoint, credentials: LOCAL_CREDENTIALS });
  try {
    try {
      await admin.send(new DescribeTableCommand({ TableName: LOCAL_NAMES.table }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
      await admin.send(new CreateTableCommand(tableDefinition(LOCAL_NAMES.table)));
    }
    const s3 = (await clients.s3()).client;
    for (const bucket of [LOCAL_NAMES.archiveBucket, LOCAL_NAMES.feedBucket]) {
      try {
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      }
    }
  } finally {
    admin.destroy();
    clients.destroy();
  }
}
