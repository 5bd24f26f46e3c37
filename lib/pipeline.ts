/**
 * The stateless part: schedule → queue → fetcher → table stream → publisher. Each function gets
 * only the environment it reads and only the actions it performs, on its own resources.
 */
import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RujpFeedConfig } from './config.js';
import { FEED_INDEX } from '../lambdas/store/table-design.js';
import { NewsFunction } from './constructs/news-function.js';

/**
 * Timeouts and memory, and why:
 * - schedule reads the registry and the source states and sends a few dozen messages: seconds.
 * - fetch-source takes up to FETCH_BATCH_SIZE sources; one source may bring ~20 new articles,
 *   each fetched politely (at most two requests per host in flight, a second between starts,
 *   5 s to connect and 20 s in all, retries with backoff), read by our block scorer on
 *   htmlparser2 (cheerio only for a source's own selectors) and classified. Lambda's CPU share
 *   grows with memory: 512 MB buys what parsing and classifying a burst of new pages needs.
 * - publish-feed renders every feed (main, per region, prefecture and topic) from the newest
 *   1000 relevant items (FEED_WINDOW) and compares ETags: CPU-light, but the window is held in
 *   memory while it is grouped into stories.
 */
export const FETCH_TIMEOUT = Duration.minutes(5);
export const FETCH_BATCH_SIZE = 2;
/** AWS advises at least six times the function timeout, so retries by Lambda's poller never overlap a run. */
export const QUEUE_VISIBILITY_TIMEOUT = Duration.seconds(FETCH_TIMEOUT.toSeconds() * 6);
export const MAX_RECEIVES = 3;
export const PUBLISH_BATCHING_WINDOW = Duration.seconds(60);

export interface PipelineProps {
  projectRoot: string;
  config: RujpFeedConfig;
  table: dynamodb.Table;
  archiveBucket: s3.IBucket;
  feedBucket: s3.IBucket;
  /** Public base URL of the feed root, with a trailing slash. */
  feedBaseUrl: string;
}

export class Pipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly scheduleFunction: NewsFunction;
  readonly fetchFunction: NewsFunction;
  readonly publishFunction: NewsFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { config, table } = props;
    const common = {
      projectRoot: props.projectRoot,
      logRetention: config.logRetentionDays as logs.RetentionDays,
      logLevel: config.logLevel,
    };
    // The registry (validated at synth by the runtime's loader, lib/config.ts) travels inside the
    // bundle of the two functions that read it; a bundle has no other registry to fall back on.
    const registry = { [config.sourcesPath]: config.sourcesPath.endsWith('.json') ? 'sources.json' : 'sources' };

    this.deadLetterQueue = new sqs.Queue(this, 'SourcesDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Sources', {
      visibilityTimeout: QUEUE_VISIBILITY_TIMEOUT,
      // A source message older than a day is superseded by the next schedules anyway.
      retentionPeriod: Duration.days(1),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });

    this.scheduleFunction = new NewsFunction(this, 'Schedule', {
      ...common,
      handlerName: 'schedule',
      description: 'Sends one SQS message per source that is due',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: table.tableName, QUEUE_URL: this.queue.queueUrl },
      extraFiles: registry,
    });
    this.scheduleFunction.role.addToPrincipalPolicy(
      // SendMessageBatch is authorised by sqs:SendMessage; there is no separate batch action.
      new iam.PolicyStatement({ sid: 'SendSourceMessages', actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    this.scheduleFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // getSourceStates: one BatchGetItem of every source's state row; nothing else is read.
        sid: 'ReadSourceStates',
        actions: ['dynamodb:BatchGetItem'],
        resources: [table.tableArn],
      }),
    );

    this.fetchFunction = new NewsFunction(this, 'FetchSource', {
      ...common,
      handlerName: 'fetch-source',
      description: 'Fetches one source per message, archives, extracts, classifies and stores new items',
      memorySize: 512,
      timeout: FETCH_TIMEOUT,
      reservedConcurrentExecutions: config.fetchConcurrency,
      environment: {
        TABLE_NAME: table.tableName,
        ARCHIVE_BUCKET: props.archiveBucket.bucketName,
        USER_AGENT: config.userAgent,
      },
      extraFiles: registry,
    });
    this.fetchFunction.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: FETCH_BATCH_SIZE,
        reportBatchItemFailures: true,
        // Keeps the poller from invoking beyond the reserved concurrency (which would throttle
        // and burn receive counts towards the dead-letter queue).
        maxConcurrency: config.fetchConcurrency,
      }),
    );
    this.fetchFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteItemsAndSourceState',
        // What poll-source and process-article ask of the store: getSourceState (GetItem),
        // putSourceState and putItem (PutItem; the item row's attribute_not_exists condition is
        // part of PutItem), findKnownIds (BatchGetItem), fingerprintsInMonths (Query on the
        // table's own FP#<month> partitions). No index: no fetcher query reads a GSI.
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [table.tableArn],
      }),
    );
    this.fetchFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // The raw page and the extracted JSON of each new article; the fetcher never reads them back.
        sid: 'ArchiveRawPages',
        actions: ['s3:PutObject'],
        resources: [props.archiveBucket.arnForObjects('*')],
      }),
    );

    this.publishFunction = new NewsFunction(this, 'PublishFeed', {
      ...common,
      handlerName: 'publish-feed',
      description: 'Renders the feeds from the newest relevant items and writes the changed files',
      memorySize: 1024,
      timeout: Duration.minutes(2),
      environment: {
        TABLE_NAME: table.tableName,
        FEED_BUCKET: props.feedBucket.bucketName,
        FEED_TITLE: config.feedTitle,
        FEED_DESCRIPTION: config.feedDescription,
        FEED_BASE_URL: props.feedBaseUrl,
        FEED_HOME_URL: config.feedHomeUrl,
      },
    });
    this.publishFunction.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.LATEST,
        // Many items arrive in one fetch run; one publish per minute covers them all.
        maxBatchingWindow: PUBLISH_BATCHING_WINDOW,
        batchSize: 100,
        retryAttempts: 2,
        bisectBatchOnError: true,
        maxRecordAge: Duration.hours(1),
        // One batch per shard at a time; a small table has one shard, so publishes do not race.
        parallelizationFactor: 1,
        filters: [
          lambda.FilterCriteria.filter({
            dynamodb: {
              NewImage: {
                pk: { S: lambda.FilterRule.beginsWith('ITEM#') },
                relevant: { BOOL: lambda.FilterRule.isEqual(true) },
              },
            },
          }),
        ],
      }),
    );
    this.publishFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // listFeedItems: a Query of the feed index, newest first. The stream records are only
        // the trigger, so no item is read by key.
        sid: 'QueryFeedIndex',
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/${FEED_INDEX}`],
      }),
    );
    this.publishFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // Changed feed files only; unchanged ones are recognised by the listed ETags, not read.
        sid: 'WriteFeedFiles',
        actions: ['s3:PutObject'],
        resources: [props.feedBucket.arnForObjects('*')],
      }),
    );
    this.publishFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // ListObjectsV2 gives the stored ETags, to skip files whose bytes did not change.
        sid: 'ListFeedFiles',
        actions: ['s3:ListBucket'],
        resources: [props.feedBucket.bucketArn],
      }),
    );

    this.rule = new events.Rule(this, 'PollSchedule', {
      description: 'Starts a polling pass over the source registry',
      schedule: events.Schedule.expression(config.schedule),
      targets: [new targets.LambdaFunction(this.scheduleFunction.function, { retryAttempts: 2, maxEventAge: Duration.minutes(10) })],
    });
  }
}
