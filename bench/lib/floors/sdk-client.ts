/**
 * The SDK's DynamoDB client without lib-dynamodb's document layer: what splitting the document
 * client and its middleware off would leave (the third way out of issue 17). Compare with
 * sdk-document-client.ts (what the handlers loaded before) and signed-client.ts (what they load).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const region = process.env.AWS_REGION ?? 'eu-central-1';
export const client = new DynamoDBClient({ region });
export const handler = async () => Boolean(client);
