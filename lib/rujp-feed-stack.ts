/**
 * The whole deployment in one stack: stateful resources handed as props to the stateless
 * pipeline, CloudFront in front of the feed bucket, alarms, and the feed URLs as outputs.
 * One stack, because the publisher's base URL and the bucket policy both reference the
 * distribution, and cross-stack exports would pin them against change.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { RujpFeedConfig } from './config.js';
import { FeedDistribution } from './feed-distribution.js';
import { applyNagSuppressions } from './nag-suppressions.js';
import { Pipeline } from './pipeline.js';
import { PipelineAlarms } from './pipeline-alarms.js';
import { StatefulResources } from './stateful-resources.js';

/** Files of the main feed set, as the publisher writes them at the feed root. */
export const FEED_FILES = {
  RssFeedUrl: 'feed.xml',
  AtomFeedUrl: 'atom.xml',
  JsonFeedUrl: 'feed.json',
  PageUrl: 'index.html',
} as const;

export interface RujpFeedStackProps extends StackProps {
  config: RujpFeedConfig;
  /** Root of the project: handlers are bundled from `<projectRoot>/lambdas/handlers/`. */
  projectRoot: string;
}

export class RujpFeedStack extends Stack {
  readonly stateful: StatefulResources;
  readonly pipeline: Pipeline;
  readonly distribution: FeedDistribution;
  readonly alarms: PipelineAlarms;

  constructor(scope: Construct, id: string, props: RujpFeedStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.stateful = new StatefulResources(this, 'Data', { archiveRetentionDays: config.archiveRetentionDays });
    this.distribution = new FeedDistribution(this, 'Delivery', {
      feedBucket: this.stateful.feedBucket,
      logBucket: this.stateful.accessLogsBucket,
      customDomain:
        config.customDomainName && config.certificateArn
          ? { domainName: config.customDomainName, certificateArn: config.certificateArn }
          : undefined,
    });
    this.pipeline = new Pipeline(this, 'Pipeline', {
      projectRoot: props.projectRoot,
      config,
      table: this.stateful.table,
      archiveBucket: this.stateful.archiveBucket,
      feedBucket: this.stateful.feedBucket,
      feedBaseUrl: this.distribution.baseUrl,
    });
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      deadLetterQueue: this.pipeline.deadLetterQueue,
      functions: [this.pipeline.scheduleFunction, this.pipeline.fetchFunction, this.pipeline.publishFunction],
      alarmEmail: config.alarmEmail,
      longestCadenceMinutes: Math.max(0, ...config.sources.filter((source) => source.enabled !== false).map((source) => source.cadenceMinutes)),
      schedule: config.schedule,
    });

    for (const [outputId, file] of Object.entries(FEED_FILES)) {
      new CfnOutput(this, outputId, { value: `${this.distribution.baseUrl}${file}` });
    }
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distribution.distributionDomainName,
      description: 'Point the custom domain (CNAME or alias record) here',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    // What the operator's commands take: rujp status --table, rujp redrive --dlq-arn.
    new CfnOutput(this, 'TableName', { value: this.stateful.table.tableName, description: 'rujp status --table' });
    new CfnOutput(this, 'DeadLetterQueueArn', { value: this.pipeline.deadLetterQueue.queueArn, description: 'rujp redrive --dlq-arn' });

    applyNagSuppressions({
      stateful: this.stateful,
      pipeline: this.pipeline,
      distribution: this.distribution,
      hasCustomDomain: Boolean(config.customDomainName),
    });
  }
}
