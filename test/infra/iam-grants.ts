/**
 * Reads the synthesized IAM policies as one "action on resource" line per permission, with the
 * stack's resources named for people ("table/index/gsi1", "archive-bucket/*"), so tests can
 * compare a function's grants with an exact list and a widened grant shows up as a diff.
 */
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import type { RujpFeedStack } from '../../lib/rujp-feed-stack.js';

type Json = Record<string, any>;

export type FunctionKey = 'schedule' | 'fetch-source' | 'publish-feed';

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as never);

/** Readable names of the resources a grant may name, by CloudFormation logical id. */
export function resourceNames(stack: RujpFeedStack): Map<string, string> {
  const { stateful, pipeline } = stack;
  return new Map([
    [logicalId(stateful.table), 'table'],
    [logicalId(stateful.archiveBucket), 'archive-bucket'],
    [logicalId(stateful.feedBucket), 'feed-bucket'],
    [logicalId(stateful.accessLogsBucket), 'access-logs-bucket'],
    [logicalId(pipeline.queue), 'sources-queue'],
    [logicalId(pipeline.deadLetterQueue), 'dead-letter-queue'],
    [logicalId(pipeline.scheduleFunction.logGroup), 'schedule-log-group'],
    [logicalId(pipeline.fetchFunction.logGroup), 'fetch-source-log-group'],
    [logicalId(pipeline.publishFunction.logGroup), 'publish-feed-log-group'],
  ]);
}

function resourceName(resource: unknown, names: Map<string, string>): string {
  if (resource === '*') return '*';
  const value = resource as Json;
  const getAtt = value?.['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt) {
    const name = names.get(getAtt[0]) ?? getAtt[0];
    if (getAtt[1] === 'Arn') return name;
    if (getAtt[1] === 'StreamArn') return `${name}-stream`;
  }
  const join = value?.['Fn::Join'] as [string, unknown[]] | undefined;
  if (join && join[0] === '') return join[1].map((part) => (typeof part === 'string' ? part : resourceName(part, names))).join('');
  // Anything else (an account-wide ARN, a condition-free string) is shown as it is, and fails the comparison.
  return JSON.stringify(resource);
}

/** Every permission the function's role holds, as sorted "action on resource" lines. */
export function grantsOf(template: Template, stack: RujpFeedStack, fn: FunctionKey): string[] {
  const construct = { schedule: stack.pipeline.scheduleFunction, 'fetch-source': stack.pipeline.fetchFunction, 'publish-feed': stack.pipeline.publishFunction }[fn];
  const roleId = logicalId(construct.role);
  const roles = template.findResources('AWS::IAM::Role');
  if (!roles[roleId]) throw new Error(`no role ${roleId} in the template`);
  if (roles[roleId]!.Properties.ManagedPolicyArns) throw new Error(`${fn}: the role carries managed policies`);
  if (roles[roleId]!.Properties.Policies) throw new Error(`${fn}: the role carries inline policies of its own`);
  const names = resourceNames(stack);
  const lines: string[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as Json[]) {
    if (!policy.Properties.Roles.some((role: Json) => role.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
      if (statement.Effect !== 'Allow' || statement.Condition || statement.NotAction || statement.NotResource) {
        throw new Error(`${fn}: statement this reader does not model: ${JSON.stringify(statement)}`);
      }
      for (const action of [statement.Action].flat() as string[]) {
        for (const resource of [statement.Resource].flat()) lines.push(`${action} on ${resourceName(resource, names)}`);
      }
    }
  }
  return [...new Set(lines)].sort();
}
