/**
 * The table client every handler now creates at start, and nothing else: the signed JSON path
 * (lambdas/store/dynamo-json-client.ts). Bundled like a handler, its import time is what talking
 * to DynamoDB adds to each cold start.
 */
import { DynamoJsonClient } from '../../../lambdas/store/dynamo-json-client.js';

const region = process.env.AWS_REGION ?? 'eu-central-1';
export const client = new DynamoJsonClient({ region });
export const handler = async () => Boolean(client);
