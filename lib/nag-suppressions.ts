/**
 * Every cdk-nag AwsSolutions finding this stack accepts, each on the construct it concerns and
 * with the reason a reviewer can check. Anything not listed here fails `cdk synth`.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { FeedDistribution } from './feed-distribution.js';
import type { Pipeline } from './pipeline.js';
import type { StatefulResources } from './stateful-resources.js';

export interface NagScope {
  stateful: StatefulResources;
  pipeline: Pipeline;
  distribution: FeedDistribution;
  hasCustomDomain: boolean;
}

/** cdk-nag names a wildcard resource by the CloudFormation reference it is built from. */
const arnToken = (scope: IConstruct) => `<${Stack.of(scope).getLogicalId(scope.node.defaultChild as never)}.Arn>`;

export function applyNagSuppressions({ stateful, pipeline, distribution, hasCustomDomain }: NagScope): void {
  const acknowledge = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

  for (const fn of [pipeline.scheduleFunction, pipeline.fetchFunction, pipeline.publishFunction]) {
    acknowledge(
      fn.function,
      'AwsSolutions-L1',
      'nodejs22.x is the runtime the handlers are built and tested for (esbuild target node22, CI on Node 20/22); it is supported by Lambda until 2027. Moving to a newer runtime is a deliberate upgrade, not a drive-by.',
    );
  }

  // No table or index wildcard to accept: the fetcher's and the schedule's DynamoDB grants name
  // the table itself, the publisher's names the feed index (table/index/gsi1) only.
  acknowledge(
    pipeline.fetchFunction.role,
    `AwsSolutions-IAM5[Resource::${arnToken(stateful.archiveBucket)}/*]`,
    'Raw pages and extracted JSON are archived under <source>/<yyyy>/<mm>/<dd>/<id> keys, one per new article and unknown in advance; the statement allows only s3:PutObject (no read, list or delete), only in the archive bucket.',
  );
  acknowledge(
    pipeline.publishFunction.role,
    `AwsSolutions-IAM5[Resource::${arnToken(stateful.feedBucket)}/*]`,
    'Feed files are written per region, prefecture and topic (regions/<id>/feed.xml …), a set that grows with the gazetteer; the statement allows only s3:PutObject (no read or delete), only in the feed bucket.',
  );
  acknowledge(
    pipeline.publishFunction.role,
    'AwsSolutions-IAM5[Resource::*]',
    'dynamodb:ListStreams has no resource-level permissions (AWS service authorization reference), so the DynamoDB event source must grant it on "*"; every other stream action is scoped to this table\'s stream.',
  );

  acknowledge(
    distribution.distribution,
    'AwsSolutions-CFR1',
    'The feeds are public news for readers in Russia, Japan and elsewhere; there is no country to exclude.',
  );
  acknowledge(
    distribution.distribution,
    'AwsSolutions-CFR2',
    'Only static, public, cached files are served (GET/HEAD, no query strings, no cookies); a Web ACL would cost more than the whole stack and protect no dynamic origin. Add one if abuse appears.',
  );
  if (!hasCustomDomain) {
    acknowledge(
      distribution.distribution,
      'AwsSolutions-CFR4',
      'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose security policy cannot be raised. Setting customDomainName and certificateArn in cdk.json switches to TLSv1.2_2021.',
    );
  }
}
