/**
 * Builds the stack the way `cdk synth` does (cdk.json context, plus overrides) for assertion
 * tests. Bundling is off unless asked for: template assertions do not depend on bundle bytes,
 * and the bundling test builds the real handlers separately.
 */
import { App, Validations, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../lib/config.js';
import { RujpFeedStack } from '../../lib/rujp-feed-stack.js';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthOptions {
  context?: Record<string, unknown>;
  bundle?: boolean;
  nag?: boolean;
  outdir?: string;
  /** Changes the stack before it is synthesized (tests that show what a change would do). */
  adjust?: (stack: RujpFeedStack) => void;
}

export function synthStack(options: SynthOptions = {}): { app: App; stack: RujpFeedStack; template: Template } {
  const app = new App({
    outdir: options.outdir,
    context: {
      ...cdkJsonContext(),
      ...options.context,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const config = loadConfig(app.node, projectRoot);
  const stack = new RujpFeedStack(app, config.stackName, {
    config,
    projectRoot,
    env: { account: '123456789012', region: 'eu-central-1' },
  });
  options.adjust?.(stack);
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const template = Template.fromStack(stack as Stack);
  return { app, stack, template };
}
