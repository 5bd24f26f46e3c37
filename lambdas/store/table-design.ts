/**
 * The single-table design (documented in the README). Every key is built here, so the
 * layout can be read in one place and the CDK stack and the local tables agree.
 *
 *   pk                 sk         what                          gsi1 (feed)                gsi2 (stories)
 *   ITEM#<id>          ITEM       an article, written once,     FEED / <publishedAt>#<id>  CLUSTER#<clusterId> / <publishedAt>#<id>
 *                                 last, conditionally            (relevant items only)
 *   SOURCE#<sourceId>  STATE      conditional-GET validators,
 *                                 list digest, backoff, what
 *                                 robots.txt said (24 h)
 *   FP#<yyyy-mm>       <id>       story fingerprint of an item, for the near-duplicate check
 *
 * The feed query reads gsi1 newest first; the publisher groups that window into stories.
 * gsi2 lists the members of one stored cluster.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const FEED_PARTITION = 'FEED';
/** The feed index (newest relevant items) and the story index; the stack grants the publisher Query on the first only. */
export const FEED_INDEX = 'gsi1';
export const CLUSTER_INDEX = 'gsi2';

export const itemKey = (id: string) => ({ pk: `ITEM#${id}`, sk: 'ITEM' });
export const sourceKey = (sourceId: string) => ({ pk: `SOURCE#${sourceId}`, sk: 'STATE' });
export const feedSortKey = (publishedAt: string, id: string) => `${publishedAt}#${id}`;
export const clusterPartition = (clusterId: string) => `CLUSTER#${clusterId}`;
/** Fingerprints are partitioned by month so the recent ones are one or two queries. */
export const fingerprintKey = (publishedAt: string, id: string) => ({ pk: `FP#${publishedAt.slice(0, 7)}`, sk: id });

/** The table as the CDK stack declares it; the local runtime creates the same. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
      { AttributeName: 'gsi2pk', AttributeType: 'S' },
      { AttributeName: 'gsi2sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: FEED_INDEX,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: CLUSTER_INDEX,
        KeySchema: [
          { AttributeName: 'gsi2pk', KeyType: 'HASH' },
          { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
