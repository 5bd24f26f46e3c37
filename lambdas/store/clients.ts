import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { countCalls, newCallCounts, type CallCounts } from './call-counter.js';

/** Where storage lives: AWS (no endpoints) or the embedded local servers. */
export interface StorageEndpoints {
  region?: string;
  s3Endpoint?: string;
  dynamoEndpoint?: string;
}

export interface StorageClients {
  s3: S3Client;
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  counts: CallCounts;
  destroy(): void;
}

/** Local servers accept any key; the SDK still needs one to sign requests. */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createStorageClients(endpoints: StorageEndpoints = {}): StorageClients {
  const region = endpoints.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const local = Boolean(endpoints.s3Endpoint || endpoints.dynamoEndpoint);
  const s3 = new S3Client({
    region,
    ...(endpoints.s3Endpoint ? { endpoint: endpoints.s3Endpoint, forcePathStyle: true } : {}),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
  const dynamo = new DynamoDBClient({
    region,
    ...(endpoints.dynamoEndpoint ? { endpoint: endpoints.dynamoEndpoint } : {}),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const counts = newCallCounts();
  countCalls(s3, 's3', counts);
  countCalls(doc, 'dynamo', counts);
  return {
    s3,
    dynamo,
    doc,
    counts,
    destroy() {
      s3.destroy();
      dynamo.destroy();
    },
  };
}
