import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextAttemptAfter } from '../../lambdas/http/backoff.js';
import type { RujpFeedStack } from '../../lib/rujp-feed-stack.js';
import { grantsOf, type FunctionKey } from './iam-grants.js';
import { projectRoot, synthStack } from './synth-stack.js';

// Prepare: one synthesis for the whole file.
let template: Template;
let stack: RujpFeedStack;
beforeAll(() => {
  ({ template, stack } = synthStack());
});

type Json = Record<string, any>;

function logicalIdOf(type: string, props: Json): string {
  const found = Object.keys(template.findResources(type, { Properties: props }));
  expect(found, `${type} matching ${JSON.stringify(props)}`).toHaveLength(1);
  return found[0]!;
}

function functionByEntry(handler: string): { id: string; props: Json } {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.anyValue() },
  });
  const entries = Object.entries(functions).filter(([id]) => id.includes(handler));
  expect(entries, `function ${handler}`).toHaveLength(1);
  const [id, resource] = entries[0]!;
  return { id, props: resource.Properties };
}

const refs = (value: unknown) => JSON.stringify(value);

const FETCH = 'PipelineFetchSource';
const SCHEDULE = 'PipelineSchedule';
const PUBLISH = 'PipelinePublishFeed';

describe('functions', () => {
  it.each([SCHEDULE, FETCH, PUBLISH])('%s runs on arm64 Node.js 22 with its own log group', (name) => {
    const { props } = functionByEntry(name);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(refs(props.LoggingConfig.LogGroup)).toContain(name);
    expect(props.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'rujp-feed',
      POWERTOOLS_METRICS_NAMESPACE: 'RujpFeed',
      LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('log groups keep logs for the configured retention', () => {
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 3);
  });

  it('each function receives only the environment it reads', () => {
    const names = (name: string) => Object.keys(functionByEntry(name).props.Environment.Variables).sort();
    const common = ['LOG_LEVEL', 'NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];
    expect(names(SCHEDULE)).toEqual([...common, 'QUEUE_URL', 'TABLE_NAME'].sort());
    expect(names(FETCH)).toEqual([...common, 'ARCHIVE_BUCKET', 'TABLE_NAME', 'USER_AGENT'].sort());
    expect(names(PUBLISH)).toEqual(
      [...common, 'FEED_BASE_URL', 'FEED_BUCKET', 'FEED_DESCRIPTION', 'FEED_HOME_URL', 'FEED_TITLE', 'TABLE_NAME'].sort(),
    );
  });

  it('the publisher learns the public feed URL from the distribution', () => {
    const base = functionByEntry(PUBLISH).props.Environment.Variables.FEED_BASE_URL;
    expect(refs(base)).toMatch(/https:\/\/.*DeliveryDistribution.*DomainName.*\//);
    expect(functionByEntry(PUBLISH).props.Environment.Variables.FEED_TITLE).toBe('Russia–Japan: regions and prefectures');
  });

  it('the fetcher has reserved concurrency, the others share the account pool', () => {
    expect(functionByEntry(FETCH).props.ReservedConcurrentExecutions).toBe(2);
    expect(functionByEntry(SCHEDULE).props.ReservedConcurrentExecutions).toBeUndefined();
    expect(functionByEntry(PUBLISH).props.ReservedConcurrentExecutions).toBeUndefined();
  });
});

/**
 * The whole of what each role may do, one "action on resource" per line. The data-plane lines
 * are what the handler's store calls need (store-grants.test.ts derives them from the code);
 * the SQS consume lines and the stream lines are what Lambda's event source mappings need, as
 * CDK grants them; the log lines are each function's own log group.
 */
const EXACT_GRANTS: Record<FunctionKey, string[]> = {
  schedule: [
    'dynamodb:BatchGetItem on table',
    'logs:CreateLogStream on schedule-log-group',
    'logs:PutLogEvents on schedule-log-group',
    'sqs:SendMessage on sources-queue',
  ],
  'fetch-source': [
    'dynamodb:BatchGetItem on table',
    'dynamodb:GetItem on table',
    'dynamodb:PutItem on table',
    'dynamodb:Query on table',
    'logs:CreateLogStream on fetch-source-log-group',
    'logs:PutLogEvents on fetch-source-log-group',
    's3:PutObject on archive-bucket/*',
    // The SQS event source mapping (CDK's grantConsumeMessages).
    'sqs:ChangeMessageVisibility on sources-queue',
    'sqs:DeleteMessage on sources-queue',
    'sqs:GetQueueAttributes on sources-queue',
    'sqs:GetQueueUrl on sources-queue',
    'sqs:ReceiveMessage on sources-queue',
  ],
  'publish-feed': [
    // The DynamoDB stream event source mapping; ListStreams has no resource-level permissions.
    'dynamodb:DescribeStream on table-stream',
    'dynamodb:GetRecords on table-stream',
    'dynamodb:GetShardIterator on table-stream',
    'dynamodb:ListStreams on *',
    'dynamodb:Query on table/index/gsi1',
    'logs:CreateLogStream on publish-feed-log-group',
    'logs:PutLogEvents on publish-feed-log-group',
    's3:ListBucket on feed-bucket',
    's3:PutObject on feed-bucket/*',
  ],
};

describe('least privilege', () => {
  it.each(Object.keys(EXACT_GRANTS) as FunctionKey[])('%s holds exactly its listed grants, no managed or inline policy', (fn) => {
    expect(grantsOf(template, stack, fn)).toEqual([...EXACT_GRANTS[fn]].sort());
  });

  it('no function may scan, delete, update, transact or read archived pages', () => {
    const all = (Object.keys(EXACT_GRANTS) as FunctionKey[]).flatMap((fn) => grantsOf(template, stack, fn));
    expect(all.filter((grant) => /dynamodb:(Scan|Delete|Update|Transact|ConditionCheck|BatchWrite|PartiQL)/.test(grant))).toEqual([]);
    expect(all.filter((grant) => grant.startsWith('s3:GetObject') || grant.includes(' on table/index/*'))).toEqual([]);
  });

  it('a widened grant is caught: the exact lists fail on one extra action', () => {
    const { template: widened, stack: wider } = synthStack({
      adjust: (s) => s.stateful.table.grant(s.pipeline.fetchFunction.role, 'dynamodb:UpdateItem'),
    });
    const grants = grantsOf(widened, wider, 'fetch-source');
    expect(grants).not.toEqual([...EXACT_GRANTS['fetch-source']].sort());
    expect(grants).toContain('dynamodb:UpdateItem on table');
  });
});

describe('queue', () => {
  it('sources queue hides a message longer than the fetcher may run, and dead-letters after 3 receives', () => {
    const fetchTimeout = functionByEntry(FETCH).props.Timeout as number;
    const dlq = logicalIdOf('AWS::SQS::Queue', { MessageRetentionPeriod: 1209600 });
    const queue = template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } });
    const [props] = Object.values(queue).map((q: Json) => q.Properties);
    expect(props.VisibilityTimeout).toBeGreaterThan(fetchTimeout);
    expect(props.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 3 });
    expect(props.SqsManagedSseEnabled).toBe(true);
  });

  it('both queues refuse requests without TLS', () => {
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('the fetcher reports partial batch failures and is not invoked beyond its reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('PipelineSources'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 2,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });
});

describe('schedule', () => {
  it('EventBridge starts the schedule function at the cadence from context', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(SCHEDULE), 'Arn'] } })],
    });
  });

  it('another cadence in context changes the rule', () => {
    const { template: other } = synthStack({ context: { schedule: 'cron(0 */2 * * ? *)' } });
    other.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 */2 * * ? *)' });
  });
});

describe('table', () => {
  it('is pay-per-request with point-in-time recovery, encryption and a NEW_IMAGE stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
        Match.objectLike({
          IndexName: 'gsi2',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ],
    });
  });

  it('survives deletion of the stack', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('the publisher is triggered only by relevant items, in batches a minute wide, with bounded retries', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataItems'), 'StreamArn'] },
      FunctionName: { Ref: Match.stringLikeRegexp(PUBLISH) },
      MaximumBatchingWindowInSeconds: 60,
      MaximumRetryAttempts: 2,
      BisectBatchOnFunctionError: true,
      StartingPosition: 'LATEST',
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              dynamodb: { NewImage: { pk: { S: [{ prefix: 'ITEM#' }] }, relevant: { BOOL: [true] } } },
            }),
          },
        ],
      },
    });
  });
});

describe('buckets', () => {
  it('every bucket blocks public access, is encrypted and refuses requests without TLS', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const [id, bucket] of Object.entries(buckets) as [string, Json][]) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
        SSEAlgorithm: 'AES256',
      });
      expect(bucket.DeletionPolicy, id).toBe('Retain');
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('archive moves raw pages to cheaper classes and expires them after the retention', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'archive/' },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            ExpirationInDays: 730,
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
            ],
          }),
        ],
      },
    });
  });

  it('the feed bucket can be read only by the CloudFront distribution', () => {
    const feedBucket = logicalIdOf('AWS::S3::Bucket', { LoggingConfiguration: { LogFilePrefix: 'feed/' } });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: feedBucket } } }))[0] as Json;
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    expect(refs(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain('DeliveryDistribution');
  });
});

describe('CloudFront', () => {
  it('serves the feed bucket through origin access control, HTTPS only towards readers', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('caches feeds for minutes, not hours', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 300, MaxTTL: 900, MinTTL: 0 }),
    });
  });

  it('without a custom domain the stack outputs cloudfront.net feed URLs', () => {
    const outputs = template.toJSON().Outputs as Json;
    for (const [key, file] of [['RssFeedUrl', 'feed.xml'], ['AtomFeedUrl', 'atom.xml'], ['JsonFeedUrl', 'feed.json'], ['PageUrl', 'index.html']]) {
      expect(refs(outputs[key!].Value)).toContain('DomainName');
      expect(refs(outputs[key!].Value)).toContain(`/${file}`);
    }
  });

  it('with a custom domain, the distribution uses its certificate with TLS 1.2 and the outputs use the domain', () => {
    const { template: custom } = synthStack({
      context: {
        customDomainName: 'feeds.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      },
    });
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['feeds.example.org'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
    expect(custom.toJSON().Outputs.RssFeedUrl.Value).toBe('https://feeds.example.org/feed.xml');
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FEED_BASE_URL: 'https://feeds.example.org/' }) },
    });
  });
});

describe('alarms', () => {
  it('alarm when a source message lands in the dead-letter queue', () => {
    const dlq = logicalIdOf('AWS::SQS::Queue', { MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
  });

  it.each([SCHEDULE, FETCH, PUBLISH])('alarm when %s throws', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(name) } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
  });

  it('alarm when a source has been failing for a day, on the metric the fetcher emits, 1 of 27 hourly periods', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'RujpFeed',
      MetricName: 'SourcesFailingForADay',
      Dimensions: [{ Name: 'service', Value: 'rujp-feed' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      // 24 h backoff cap + 15 min schedule + 1 h, whole hours, + 2 (lib/pipeline-alarms.ts).
      Period: 3600,
      EvaluationPeriods: 27,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
  });

  it('stays in ALARM while a source keeps failing at the longest backoff, and goes OK after it recovers', () => {
    const alarm = failingForADayAlarm(template);
    for (const offset of [0, 7, 59]) {
      for (const lags of [[5], [0, 45], [0, 59], [45, 0, 20]]) {
        const points = failingDatapoints({ cadenceMinutes: 240, tickMinutes: 15, days: 6, lags, offset });
        expect(points.length).toBeGreaterThan(3);
        expect(minutesOutOfAlarm(points, alarm), `offset ${offset}, lags ${lags}`).toEqual([]);
        const last = points[points.length - 1]!;
        expect(stateAt(last + (alarm.periods + 1) * 60, points, alarm)).toBe('OK');
      }
    }
    // The settings before (1 period of 1 hour) went OK an hour after each datapoint, and one
    // period fewer than now would already open a gap when a poll runs late after an early one.
    const points = failingDatapoints({ cadenceMinutes: 240, tickMinutes: 15, days: 6, lags: [5], offset: 0 });
    expect(minutesOutOfAlarm(points, { ...alarm, periods: 1 }).length).toBeGreaterThan(24 * 60);
    const late = failingDatapoints({ cadenceMinutes: 240, tickMinutes: 15, days: 8, lags: [0, 59], offset: 59 });
    expect(minutesOutOfAlarm(late, { ...alarm, periods: alarm.periods - 1 }).length).toBeGreaterThan(0);
  });

  it('a slower source cadence or a sparser schedule widens the window to match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rujp-alarm-'));
    const tass = JSON.parse(readFileSync(join(projectRoot, 'sources', 'tass-ru.json'), 'utf8'));
    writeFileSync(join(dir, 'tass-ru.json'), JSON.stringify({ ...tass, cadenceMinutes: 2880 }));
    writeFileSync(join(dir, 'weekly.json'), JSON.stringify({ ...tass, id: 'weekly', cadenceMinutes: 10080, enabled: false }));
    const slow = failingForADayAlarm(synthStack({ context: { sourcesFile: dir } }).template);
    // 48 h cadence + 15 min + 1 h → 49 whole hours + 2; the disabled weekly source is never polled.
    expect(slow.periods).toBe(51);
    const points = failingDatapoints({ cadenceMinutes: 2880, tickMinutes: 15, days: 10, lags: [0, 45], offset: 30 });
    expect(minutesOutOfAlarm(points, slow)).toEqual([]);

    const sparse = failingForADayAlarm(synthStack({ context: { schedule: 'rate(3 hours)' } }).template);
    expect(sparse.periods).toBe(30); // 24 h + 3 h + 1 h → 28 + 2
    expect(minutesOutOfAlarm(failingDatapoints({ cadenceMinutes: 240, tickMinutes: 180, days: 6, lags: [0, 45], offset: 0 }), sparse)).toEqual([]);
  });

  it('alarm notifications go to the configured address', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const { template: withEmail } = synthStack({ context: { alarmEmail: 'ops@example.org' } });
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });
});

/** The failing-for-a-day alarm's evaluation settings, from a template. */
function failingForADayAlarm(from: Template): { periods: number; datapoints: number; periodMinutes: number } {
  const alarms = Object.values(from.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'SourcesFailingForADay' } })) as Json[];
  expect(alarms).toHaveLength(1);
  const props = alarms[0]!.Properties;
  expect(props.TreatMissingData).toBe('notBreaching');
  return { periods: props.EvaluationPeriods, datapoints: props.DatapointsToAlarm, periodMinutes: props.Period / 60 };
}

/**
 * Minutes (from a clock hour, plus `offset`) at which one source that fails at every poll emits
 * SourcesFailingForADay: polled at the first schedule tick after both its backoff (at its longest
 * jitter) and its cadence have passed, `lags` minutes after the tick in turn (queue wait, fetch),
 * as in plan-due-sources.ts and poll-source.ts.
 */
function failingDatapoints(options: { cadenceMinutes: number; tickMinutes: number; days: number; lags: number[]; offset: number }): number[] {
  const { cadenceMinutes, tickMinutes, days, lags, offset } = options;
  const base = Date.UTC(2026, 0, 5, 0, 0);
  const points: number[] = [];
  let tick = offset;
  let failures = 0;
  let failingSince: number | undefined;
  for (let poll = 0; tick < days * 24 * 60; poll += 1) {
    const at = tick + lags[poll % lags.length]!;
    failures += 1;
    failingSince ??= at;
    if (at - failingSince >= 24 * 60) points.push(at);
    const nextAttempt = (nextAttemptAfter(failures, new Date(base + at * 60_000), () => 1).getTime() - base) / 60_000;
    // planDueSources: backoff over, and cadence elapsed (less its minute of slack) since this poll.
    const due = Math.max(nextAttempt, at + cadenceMinutes - 1);
    tick = Math.ceil((due - offset) / tickMinutes) * tickMinutes + offset;
  }
  return points;
}

/**
 * CloudWatch's M-of-N evaluation, modelled cautiously: a datapoint counts once it has been
 * ingested (5 minutes after its poll) and while its period is one of the newest N.
 */
function stateAt(minute: number, points: number[], alarm: { periods: number; datapoints: number; periodMinutes: number }): 'ALARM' | 'OK' {
  const period = (at: number) => Math.floor(at / alarm.periodMinutes);
  const newest = period(minute);
  const breaching = new Set(points.filter((at) => at + 5 <= minute && period(at) > newest - alarm.periods).map(period));
  return breaching.size >= alarm.datapoints ? 'ALARM' : 'OK';
}

/** Minutes between the first datapoint's ingestion and the last datapoint at which the alarm would be OK. */
function minutesOutOfAlarm(points: number[], alarm: { periods: number; datapoints: number; periodMinutes: number }): number[] {
  const out: number[] = [];
  for (let minute = points[0]! + 5; minute <= points[points.length - 1]!; minute += 1) {
    if (stateAt(minute, points, alarm) === 'OK') out.push(minute);
  }
  return out;
}
