/**
 * One Lambda construct that fixes the defaults every function of the pipeline shares, so the
 * stack only states what differs (entry, memory, timeout, environment, grants).
 */
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleHandlerSync, ENTRY_FILE } from '../bundling.js';

/** The handlers the pipeline deploys; each is bundled from `lambdas/handlers/<name>.ts`. */
export const HANDLER_NAMES = ['schedule', 'fetch-source', 'publish-feed'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

/** Shared by every function, and by the local runtime, so metrics land in one place. */
export const POWERTOOLS_SERVICE_NAME = 'rujp-feed';
export const METRICS_NAMESPACE = 'RujpFeed';

export interface NewsFunctionProps {
  projectRoot: string;
  handlerName: HandlerName;
  description: string;
  memorySize: number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
  logLevel: string;
  environment?: Record<string, string>;
  reservedConcurrentExecutions?: number;
  /** Extra files or folders copied next to the bundle (absolute source path → name in the bundle). */
  extraFiles?: Record<string, string>;
}

export class NewsFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NewsFunctionProps) {
    super(scope, id);
    const entry = join(props.projectRoot, 'lambdas', 'handlers', `${props.handlerName}.ts`);
    if (!existsSync(entry)) throw new Error(`NewsFunction ${id}: handler entry ${entry} does not exist`);

    // Our own log group gives retention without the LogRetention custom resource, and lets the
    // role write to exactly this group instead of the managed policy's logs:* on every group.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handlerName}: its log group and the grants the stack gives it, nothing else`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const handlerName = props.handlerName;
    const projectRoot = props.projectRoot;
    const extraFiles = props.extraFiles ?? {};
    // Bundled by lib/bundling.ts, the same function the benchmark measures. NodejsFunction cannot
    // split code into lazily loaded chunks (it passes esbuild a single --outfile), so the asset is
    // built here with esbuild's API; like NodejsFunction, it is hashed by its output.
    const code = lambda.Code.fromAsset(projectRoot, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never pulled: local bundling always succeeds or throws. CDK requires an image regardless.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
        // CDK keys its bundling scratch folder on these options, and the local hook is not part of
        // the key: naming the handler and its extra files here keeps two functions apart.
        environment: { RUJP_HANDLER: handlerName, RUJP_EXTRA_FILES: JSON.stringify(extraFiles) },
        local: {
          tryBundle(outputDir: string): boolean {
            bundleHandlerSync(projectRoot, handlerName, outputDir, extraFiles);
            return true;
          },
        },
      },
    });
    this.function = new lambda.Function(this, 'Function', {
      code,
      handler: `${ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      // Graviton: about 20% cheaper per GB-second, and nothing in the bundle is native code.
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOG_LEVEL: props.logLevel,
        // Stack traces in the logs point at the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }
}
