import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import { LOCAL_CREDENTIALS } from '../../lambdas/store/clients.js';

/**
 * The AWS SDK's document client on the embedded DynamoDB server, for tests that look inside the
 * table (Scan) or damage rows (UpdateItem), which the store's own client does not offer. It also
 * reads what the store's signed JSON client wrote with a second, independent implementation.
 */
export function sdkDocumentClient(storage: EmbeddedStorage): DynamoDBDocumentClient & { destroy(): void } {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: storage.dynamoEndpoint, credentials: LOCAL_CREDENTIALS });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
