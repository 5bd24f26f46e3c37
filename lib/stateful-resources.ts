/**
 * What outlives a deployment: the item table and the buckets. Kept apart from the functions so
 * the stateless part can be rebuilt freely, and retained when the stack is deleted.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { tableDefinition } from '../lambdas/store/table-design.js';

export interface StatefulResourcesProps {
  archiveRetentionDays: number;
}

export class StatefulResources extends Construct {
  readonly table: dynamodb.Table;
  readonly archiveBucket: s3.Bucket;
  readonly feedBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StatefulResourcesProps) {
    super(scope, id);
    this.table = itemTable(this);

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucketDefaults,
      // CloudFront standard logging writes with ACLs; S3 server access logs use the bucket policy.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    this.archiveBucket = new s3.Bucket(this, 'Archive', {
      ...privateBucketDefaults,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'archive/',
      lifecycleRules: [archiveLifecycle(props.archiveRetentionDays)],
    });

    // Feed files are rebuilt on every publish, so no versioning; CloudFront is the only reader.
    // SSE-S3 (not KMS) keeps the ETag equal to the MD5 the publisher compares to skip unchanged files.
    this.feedBucket = new s3.Bucket(this, 'Feed', {
      ...privateBucketDefaults,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'feed/',
    });
  }
}

const privateBucketDefaults = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies s3.BucketProps;

/**
 * Raw pages are read back rarely (re-extraction, audits). S3's default lifecycle leaves objects
 * under 128 KB in Standard, where small gzipped pages are cheapest anyway; larger pages move to
 * Infrequent Access after 30 days and to Glacier Instant Retrieval after 90.
 */
function archiveLifecycle(retentionDays: number): s3.LifecycleRule {
  const transitions: s3.Transition[] = [];
  if (retentionDays > 30) transitions.push({ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) });
  if (retentionDays > 90) transitions.push({ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) });
  return {
    id: 'archive-to-cheaper-classes',
    transitions,
    expiration: Duration.days(retentionDays),
    abortIncompleteMultipartUploadAfter: Duration.days(1),
  };
}

/** The table follows the store's own definition, so the cloud and the local tables cannot drift. */
function itemTable(scope: Construct): dynamodb.Table {
  const design = tableDefinition('unused');
  const attributeType = (name: string | undefined): dynamodb.Attribute => {
    const definition = design.AttributeDefinitions?.find((a) => a.AttributeName === name);
    if (!name || !definition) throw new Error(`table design: attribute ${name} has no definition`);
    const types = { S: dynamodb.AttributeType.STRING, N: dynamodb.AttributeType.NUMBER, B: dynamodb.AttributeType.BINARY };
    return { name, type: types[definition.AttributeType as keyof typeof types] };
  };
  const keyOf = (schema: { AttributeName?: string; KeyType?: string }[] | undefined, keyType: 'HASH' | 'RANGE') =>
    schema?.find((k) => k.KeyType === keyType)?.AttributeName;

  const table = new dynamodb.Table(scope, 'Items', {
    partitionKey: attributeType(keyOf(design.KeySchema, 'HASH')),
    sortKey: keyOf(design.KeySchema, 'RANGE') ? attributeType(keyOf(design.KeySchema, 'RANGE')) : undefined,
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    // publish-feed only needs the item as written; old images would double the stream's size.
    stream: dynamodb.StreamViewType.NEW_IMAGE,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of design.GlobalSecondaryIndexes ?? []) {
    if (!index.IndexName) continue;
    const sortKey = keyOf(index.KeySchema, 'RANGE');
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName,
      partitionKey: attributeType(keyOf(index.KeySchema, 'HASH')),
      sortKey: sortKey ? attributeType(sortKey) : undefined,
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}
