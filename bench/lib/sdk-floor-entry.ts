/**
 * The AWS SDK clients the handlers create, and nothing else: bundled like a handler, its import
 * time is the floor no handler reaches while it loads the SDK at start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const region = process.env.AWS_REGION ?? 'eu-central-1';
export const clients = {
  s3: new S3Client({ region }),
  doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region })),
  sqs: new SQSClient({ region }),
};
export const handler = async () => Object.keys(clients).length;
