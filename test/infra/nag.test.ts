import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it, vi } from 'vitest';
import { synthStack } from './synth-stack.js';

const CUSTOM_DOMAIN = {
  customDomainName: 'feeds.example.org',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
};

function nagReport(context: Record<string, unknown> = {}) {
  const { app } = synthStack({ context });
  return { app, report: new AwsSolutionsChecks(app).validateScope(app) };
}

/** Every acknowledgement recorded in the construct tree, with the reason given for it. */
function acknowledgements(app: ReturnType<typeof synthStack>['app']) {
  return app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        // Stored as { "Annotation::<rule id>": reason }.
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([key, reason]) => ({ path: construct.node.path, id: key.replace(/^Annotation::/, ''), reason })),
    );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error or warning in the default stack', () => {
    const { report } = nagReport();
    const open = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(open).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('finds none with a custom domain either, where TLS 1.2 replaces the CFR4 acknowledgement', () => {
    const { app, report } = nagReport(CUSTOM_DOMAIN);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    expect(acknowledgements(app).map((a) => a.id)).not.toContain('AwsSolutions-CFR4');
  });

  it('every acknowledgement carries a written reason of substance', () => {
    const { app } = nagReport();
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(5);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-/);
      expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThan(60);
    }
  });

  it('every acknowledgement answers a finding the stack really has (none is left over from a removed grant)', () => {
    // Synthesize once with acknowledge() recording instead of acknowledging, so every finding shows.
    const acknowledge = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    let app: ReturnType<typeof synthStack>['app'];
    let acks: { id: string; path: string }[];
    try {
      ({ app } = synthStack());
      acks = acknowledge.mock.calls.map(([ack], i) => ({
        id: ack!.id,
        path: (acknowledge.mock.contexts[i] as unknown as { scope: { node: { path: string } } }).scope.node.path,
      }));
    } finally {
      acknowledge.mockRestore();
    }
    expect(acks.length).toBeGreaterThan(5);
    const findings = new AwsSolutionsChecks(app).validateScope(app).violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })),
    );
    const unanswered = acks.filter((ack) => !findings.some((f) => f.id === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))));
    expect(unanswered).toEqual([]);
  });

  it('acknowledgements are narrow: a wildcard on another resource would still be reported', () => {
    const { app, stack } = synthStack();
    // A grant the stack does not make: the fetcher reading every object of the feed bucket.
    stack.stateful.feedBucket.grantRead(stack.pipeline.fetchFunction.role);
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^AwsSolutions-IAM5\[(Action::s3:GetObject\*|Resource::<DataFeed.*>\/\*)\]$/)]),
    );
  });
});
