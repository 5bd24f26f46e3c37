/**
 * The AWS SDK's DynamoDB document client, and nothing else: what every handler created at start
 * until the store moved to the signed JSON path (all three read or write the table on every
 * call). Bundled like a handler, it was the floor no handler could get under while it loaded
 * the SDK at start; loaded from node_modules, it stands for the copy the Lambda runtime ships.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const region = process.env.AWS_REGION ?? 'eu-central-1';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
export const handler = async () => Boolean(doc);
