/**
 * The CDK app: reads and validates the context, builds the stack. `cdk.json` runs it with tsx,
 * so `npx cdk synth` needs neither a compile step nor Docker (handlers bundle with local esbuild).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../lib/config.js';
import { RujpFeedStack } from '../lib/rujp-feed-stack.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const app = new App();

try {
  const config = loadConfig(app.node, projectRoot);
  new RujpFeedStack(app, config.stackName, {
    config,
    projectRoot,
    description: 'rujp-feed: Russia–Japan regional news feed (schedule, fetch, publish, CloudFront)',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  // Findings print during synth; unsuppressed errors fail it, so nothing slips into a deploy.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
