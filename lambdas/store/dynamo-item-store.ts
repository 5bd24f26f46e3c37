import type { DynamoJsonClient, DynamoOperations } from './dynamo-json-client.js';
import type { Item } from '../core/types.js';
import type { FeedCandidate, ItemStore, PutItemOutcome, SourceState, StoredFingerprint } from '../core/ports.js';
import {
  CLUSTER_INDEX,
  FEED_INDEX,
  FEED_PARTITION,
  clusterPartition,
  feedSortKey,
  fingerprintKey,
  itemKey,
  sourceKey,
} from './table-design.js';

const BATCH_GET_LIMIT = 100;

/** Item attributes that are keys or bookkeeping, not part of the Item model. */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'signature', 'clusterSize'] as const;

function toItem(record: Record<string, unknown>): Item {
  const copy: Record<string, unknown> = { ...record };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as unknown as Item;
}

function toFeedCandidate(record: Record<string, unknown>): FeedCandidate {
  return { ...toItem(record), signature: typeof record.signature === 'string' ? record.signature : null };
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

export class DynamoItemStore implements ItemStore {
  constructor(
    private readonly doc: DynamoJsonClient,
    private readonly tableName: string,
  ) {}

  async getSourceState(sourceId: string): Promise<SourceState | null> {
    const out = await this.doc.send('GetItem', { TableName: this.tableName, Key: sourceKey(sourceId) });
    return out.Item ? this.toState(out.Item) : null;
  }

  async getSourceStates(sourceIds: readonly string[]): Promise<Map<string, SourceState>> {
    const rows = await this.batchGet(sourceIds.map(sourceKey));
    const states = new Map<string, SourceState>();
    for (const row of rows) {
      const state = this.toState(row);
      states.set(state.sourceId, state);
    }
    return states;
  }

  async putSourceState(state: SourceState): Promise<void> {
    await this.doc.send('PutItem', { TableName: this.tableName, Item: { ...sourceKey(state.sourceId), ...state } });
  }

  async findKnownIds(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.batchGet([...new Set(ids)].map(itemKey), 'pk');
    return new Set(rows.map((row) => String(row.pk).slice('ITEM#'.length)));
  }

  async putItem(item: Item, signature: string): Promise<PutItemOutcome> {
    const fp = fingerprintKey(item.publishedAt, item.id);
    // The fingerprint goes first: it is idempotent, and the item row (the mark that the
    // article is done) must never exist without it.
    await this.doc.send('PutItem', {
      TableName: this.tableName,
      Item: {
        ...fp,
        id: item.id,
        clusterId: item.clusterId,
        sourceId: item.sourceId,
        publishedAt: item.publishedAt,
        relevant: item.relevant,
        signature,
      },
    });
    try {
      // One conditional put: a retry or a concurrent run meets the row and stores nothing.
      // Every relevant item enters the feed index, not only a cluster's first one: the
      // publisher picks each story's canonical entry from the whole group.
      await this.doc.send('PutItem', {
        TableName: this.tableName,
        Item: {
          ...itemKey(item.id),
          ...item,
          signature,
          ...(item.relevant ? { gsi1pk: FEED_PARTITION, gsi1sk: feedSortKey(item.publishedAt, item.id) } : {}),
          gsi2pk: clusterPartition(item.clusterId),
          gsi2sk: feedSortKey(item.publishedAt, item.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      // Named as the SDK names it (store/dynamo-json-client.ts keeps DynamoDB's error types).
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        return 'exists';
      }
      throw error;
    }
    return 'created';
  }

  async fingerprintsInMonths(months: readonly string[]): Promise<StoredFingerprint[]> {
    const out: StoredFingerprint[] = [];
    for (const month of new Set(months)) {
      const rows = await this.queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `FP#${month}` },
      });
      out.push(...(rows as unknown as StoredFingerprint[]));
    }
    return out;
  }

  async listFeedItems(limit: number): Promise<FeedCandidate[]> {
    const rows = await this.queryAll(
      {
        IndexName: FEED_INDEX,
        KeyConditionExpression: 'gsi1pk = :feed',
        ExpressionAttributeValues: { ':feed': FEED_PARTITION },
        ScanIndexForward: false,
      },
      limit,
    );
    return rows.map(toFeedCandidate);
  }

  async listClusterMembers(clusterIds: readonly string[]): Promise<Map<string, Item[]>> {
    const members = new Map<string, Item[]>();
    for (const clusterId of new Set(clusterIds)) {
      const rows = await this.queryAll({
        IndexName: CLUSTER_INDEX,
        KeyConditionExpression: 'gsi2pk = :c',
        ExpressionAttributeValues: { ':c': clusterPartition(clusterId) },
      });
      members.set(clusterId, rows.map(toItem));
    }
    return members;
  }

  async getItem(id: string): Promise<Item | null> {
    const out = await this.doc.send('GetItem', { TableName: this.tableName, Key: itemKey(id) });
    return out.Item ? toItem(out.Item) : null;
  }

  private toState(row: Record<string, unknown>): SourceState {
    const { pk: _pk, sk: _sk, ...rest } = row;
    return { consecutiveFailures: 0, ...(rest as Partial<SourceState>) } as SourceState;
  }

  private async queryAll(
    input: Omit<DynamoOperations['Query']['input'], 'TableName'>,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send('Query', {
        ...input,
        TableName: this.tableName,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        ...(Number.isFinite(limit) ? { Limit: Math.min(1000, limit - rows.length) } : {}),
      });
      rows.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey && rows.length < limit);
    return rows;
  }

  /** BatchGet in chunks of 100, retrying the keys DynamoDB hands back as unprocessed. */
  private async batchGet(keys: Record<string, string>[], projection?: string): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (const chunk of chunks(keys, BATCH_GET_LIMIT)) {
      let pending: Record<string, unknown>[] | undefined = chunk;
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        if (attempt > 8) throw new Error(`DynamoDB left ${pending.length} keys unprocessed after ${attempt} tries`);
        const out: DynamoOperations['BatchGetItem']['output'] = await this.doc.send('BatchGetItem', {
          RequestItems: {
            [this.tableName]: { Keys: pending, ...(projection ? { ProjectionExpression: projection } : {}) },
          },
        });
        rows.push(...(out.Responses?.[this.tableName] ?? []));
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return rows;
  }
}
