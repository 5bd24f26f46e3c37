/**
 * What `cdk deploy` would upload, read back from the cloud assembly: each function's asset
 * folder, the handler its template names, its environment and timeout, and the event source
 * mappings (batch sizes, the stream's FilterCriteria). `invokeBundle` runs a handler from its
 * asset folder alone, in a fresh Node process, as Lambda does.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { HANDLER_NAMES, type HandlerName } from '../../lib/constructs/news-function.js';
import { synthStack } from '../infra/synth-stack.js';

type Cfn = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DeployedFunction {
  name: HandlerName;
  logicalId: string;
  assetDir: string;
  /** `index.handler`: the module and the export Lambda loads. */
  handler: string;
  timeoutSeconds: number;
  memorySize: number;
  /** The template's variables, unresolved (references stay `{Ref: …}`). */
  variables: Record<string, unknown>;
}

export interface DeployedApp {
  functions: Record<HandlerName, DeployedFunction>;
  /** Logical ids of the resources a function's variables may reference. */
  ids: { table: string; archiveBucket: string; feedBucket: string; queue: string; deadLetterQueue: string; distribution: string };
  fetchMapping: { BatchSize: number; FunctionResponseTypes?: string[]; ScalingConfig?: { MaximumConcurrency?: number } };
  streamMapping: { BatchSize: number; FilterCriteria?: { Filters: { Pattern: string }[] }; MaximumRetryAttempts?: number };
  queue: { VisibilityTimeout: number; RedrivePolicy: { maxReceiveCount: number } };
  template: Cfn;
}

const idOf = (scope: Construct) => Stack.of(scope).getLogicalId(scope.node.defaultChild as CfnElement);

/** Synthesizes the app with bundling on, into `outdir`, and reads the deployable parts back. */
export function synthDeployedApp(outdir: string): DeployedApp {
  const { app, stack } = synthStack({ bundle: true, outdir });
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const template = artifact.template as Cfn;
  const resources = template.Resources as Record<string, { Type: string; Properties: Cfn }>;
  const { pipeline, stateful, distribution } = stack;
  // What `cdk deploy` uploads is what the assets manifest names: each file asset's folder in
  // the assembly and the S3 key it is published under, which the function's Code points at.
  const manifest = JSON.parse(readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string; packaging?: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const assetFolderOf = (objectKey: string) => {
    const asset = Object.values(manifest.files).find((file) => Object.values(file.destinations).some((dest) => dest.objectKey === objectKey));
    if (!asset) throw new Error(`no asset of the assets manifest is published as ${objectKey}`);
    if (asset.source.packaging !== 'zip') throw new Error(`the asset published as ${objectKey} is not a zipped folder`);
    return join(assembly.directory, asset.source.path);
  };
  const functions = {} as Record<HandlerName, DeployedFunction>;
  const constructs: Record<HandlerName, Construct> = {
    schedule: pipeline.scheduleFunction.function,
    'fetch-source': pipeline.fetchFunction.function,
    'publish-feed': pipeline.publishFunction.function,
  };
  for (const name of HANDLER_NAMES) {
    const logicalId = idOf(constructs[name]);
    const resource = resources[logicalId]!;
    const objectKey = resource.Properties.Code?.S3Key;
    if (typeof objectKey !== 'string') throw new Error(`${logicalId} has no Code.S3Key: its code is not a file asset`);
    functions[name] = {
      name,
      logicalId,
      assetDir: assetFolderOf(objectKey),
      handler: resource.Properties.Handler,
      timeoutSeconds: resource.Properties.Timeout ?? 3,
      memorySize: resource.Properties.MemorySize ?? 128,
      variables: resource.Properties.Environment?.Variables ?? {},
    };
  }
  const mappingOf = (fnId: string) =>
    Object.values(resources).find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping' && resource.Properties.FunctionName?.Ref === fnId)?.Properties;
  const fetchMapping = mappingOf(functions['fetch-source'].logicalId);
  const streamMapping = mappingOf(functions['publish-feed'].logicalId);
  if (!fetchMapping || !streamMapping) throw new Error('the template has no event source mapping for fetch-source or publish-feed');
  const ids = {
    table: idOf(stateful.table),
    archiveBucket: idOf(stateful.archiveBucket),
    feedBucket: idOf(stateful.feedBucket),
    queue: idOf(pipeline.queue),
    deadLetterQueue: idOf(pipeline.deadLetterQueue),
    distribution: idOf(distribution.distribution),
  };
  return {
    functions,
    ids,
    fetchMapping: fetchMapping as DeployedApp['fetchMapping'],
    streamMapping: streamMapping as DeployedApp['streamMapping'],
    queue: resources[ids.queue]!.Properties as DeployedApp['queue'],
    template,
  };
}

/**
 * The template's variables with their references replaced by what they would resolve to:
 * `Ref` and `Fn::GetAtt` by `values` (keyed by logical id, or `id.Attribute`), `Fn::Join` by
 * joining. A reference with no value is an error naming the variable, so a variable that points
 * at a new resource cannot be quietly left out.
 */
export function resolveVariables(variables: Record<string, unknown>, values: Record<string, string>): Record<string, string> {
  const resolve = (name: string, value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    const node = value as Cfn;
    if (node && typeof node.Ref === 'string') {
      const resolved = values[node.Ref];
      if (resolved === undefined) throw new Error(`${name}: nothing stands in for {Ref: ${node.Ref}}`);
      return resolved;
    }
    if (node && Array.isArray(node['Fn::GetAtt'])) {
      const key = (node['Fn::GetAtt'] as string[]).join('.');
      const resolved = values[key];
      if (resolved === undefined) throw new Error(`${name}: nothing stands in for {Fn::GetAtt: ${key}}`);
      return resolved;
    }
    if (node && Array.isArray(node['Fn::Join'])) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => resolve(name, part)).join(separator);
    }
    throw new Error(`${name}: cannot resolve ${JSON.stringify(value)}`);
  };
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(name, value)]));
}

/** What Lambda itself puts in every function's environment (credentials, region, names). */
export function lambdaRuntimeVariables(fn: DeployedFunction, region = 'eu-central-1'): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'ASIATESTTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_SESSION_TOKEN: 'test-session',
    AWS_LAMBDA_FUNCTION_NAME: `RujpFeed-${fn.logicalId}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    TZ: ':UTC',
  };
}

export interface Invocation {
  /** What the handler returned (undefined when it threw or was stopped). */
  result?: unknown;
  /** The message of what it threw. */
  error?: string;
}

export interface InvokeOutcome {
  invocations: Invocation[];
  /** True when the process was stopped at the function's timeout, as Lambda stops it. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs the handler the template names from a copy of its asset folder, alone on disk (no
 * node_modules anywhere above it), in one fresh Node process: one warm container taking
 * `events` one after another. The process is killed at `timeoutMs` (the function's timeout by
 * default), as Lambda ends an invocation that runs out of time.
 */
export async function invokeBundle(
  fn: DeployedFunction,
  env: Record<string, string>,
  events: unknown[],
  options: {
    timeoutMs?: number;
    /** Stops the process (as a timeout would) once its output satisfies this. */
    stopWhen?: (stdout: string) => boolean;
    /** Stops the process (as a timeout would) when this settles. */
    stopSignal?: Promise<unknown>;
    /** Pins the process's clock (`Date`) to this instant, as tests pin the clock of an in-process pass. */
    clockAt?: number;
  } = {},
): Promise<InvokeOutcome> {
  const taskRoot = mkdtempSync(join(tmpdir(), `rujp-task-${fn.name}-`));
  cpSync(fn.assetDir, taskRoot, { recursive: true });
  const [moduleName, exportName] = fn.handler.split('.') as [string, string];
  const file = ['.mjs', '.js', '.cjs'].map((ext) => join(taskRoot, `${moduleName}${ext}`)).find(existsSync);
  if (!file) throw new Error(`${fn.name}: the asset has no ${moduleName}.mjs/.js/.cjs for handler ${fn.handler}`);
  const timeoutMs = options.timeoutMs ?? fn.timeoutSeconds * 1000;
  // The driver reads the events from stdin, so nothing but the asset is on disk.
  const driver = `
    const events = JSON.parse(await new Promise((resolve) => { let s = ''; process.stdin.on('data', (c) => (s += c)); process.stdin.on('end', () => resolve(s)); }));
    const mod = await import(${JSON.stringify(pathToFileURL(file).href)});
    const handler = mod[${JSON.stringify(exportName)}];
    if (typeof handler !== 'function') throw new Error('the module exports no ' + ${JSON.stringify(exportName)});
    const deadline = Date.now() + ${timeoutMs};
    let n = 0;
    for (const event of events) {
      const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME, memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, awsRequestId: 'req-' + n++, logGroupName: '/aws/lambda/x', logStreamName: 'x', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => deadline - Date.now() };
      let line;
      try { line = { result: (await handler(event, context)) ?? null }; } catch (error) { line = { error: String(error && error.message || error) }; }
      process.stdout.write('\\n@@invocation ' + JSON.stringify(line) + '\\n');
    }
    process.exit(0);
  `;
  // A data: URL module, so the pinned clock, too, puts nothing on disk beside the asset.
  const pinClock =
    options.clockAt === undefined
      ? []
      : [
          '--import',
          `data:text/javascript,${encodeURIComponent(
            `const T = ${options.clockAt}; const Real = Date; class Pinned extends Real { constructor(...a) { if (a.length) super(...a); else super(T); } static now() { return T; } } globalThis.Date = Pinned;`,
          )}`,
        ];
  const child = spawn(process.execPath, [...pinClock, '--input-type=module', '-e', driver], {
    cwd: taskRoot,
    env: { PATH: process.env.PATH ?? '', LAMBDA_TASK_ROOT: taskRoot, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (options.stopWhen?.(stdout)) {
      timedOut = true;
      stop();
    }
  });
  void options.stopSignal?.then(() => {
    timedOut = true;
    stop();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(events));
  const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
  clearTimeout(timer);
  rmSync(taskRoot, { recursive: true, force: true });
  const invocations = stdout
    .split('\n')
    .filter((line) => line.startsWith('@@invocation '))
    .map((line) => JSON.parse(line.slice('@@invocation '.length)) as Invocation);
  if (!timedOut && code !== 0) throw new Error(`${fn.name} bundle exited with ${code}:\n${stderr.slice(-4000)}`);
  return { invocations, timedOut, stdout, stderr };
}
