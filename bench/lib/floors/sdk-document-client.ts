/**
 * The AWS SDK client every handler creates at start, and nothing else: all three read or write
 * the table on every call, while S3 and SQS are loaded on first use (store/clients.ts,
 * store/sqs-queue.ts). Bundled like a handler, its import time is the floor no handler reaches
 * while it loads the SDK at start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const region = process.env.AWS_REGION ?? 'eu-central-1';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
export const handler = async () => Boolean(doc);
