import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleHandler, type BundleResult } from '../../lib/bundling.js';
import { HANDLER_NAMES } from '../../lib/constructs/news-function.js';
import { median, REPO_ROOT, round1, timeNode } from '../lib/node-process.js';
import { largestPackages } from '../lib/bundle-contents.js';
import type { BenchRow, BenchSuite } from '../types.js';

/** Fresh-process runs per figure; the median of interleaved runs shrugs off a busy neighbour. */
const ROUNDS = 9;

// What the Lambda runtime gives the function: its NODE_OPTIONS (source maps are read at load,
// so they are part of the start) and the variables the handler modules read at import.
const LAMBDA_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  NODE_OPTIONS: '--enable-source-maps',
  AWS_REGION: 'eu-central-1',
  TABLE_NAME: 'items',
  LOG_LEVEL: 'ERROR',
  POWERTOOLS_SERVICE_NAME: 'rujp-feed',
  POWERTOOLS_METRICS_NAMESPACE: 'RujpFeed',
};

const importArgs = (...files: string[]) => [
  '--input-type=module',
  '-e',
  files.map((file) => `await import(${JSON.stringify(pathToFileURL(file).href)});`).join(''),
];

/**
 * The modules each handler loads lazily on its usual path, so the figure for the start plus
 * its first call is honest about what laziness only moved: schedule always sends to SQS,
 * publish-feed always writes to S3, and fetch-source loads its readers and the article
 * pipeline (with S3) only when a source has something new.
 */
const FIRST_CALL_LOADS: Record<string, { when: string; modules: string[] }> = {
  schedule: { when: 'first call', modules: ['@aws-sdk/client-sqs/'] },
  'fetch-source': {
    when: 'first new article',
    modules: ['@aws-sdk/client-s3/', 'lambdas/sources/discover.ts', 'lambdas/pipeline/process-article.ts'],
  },
  'publish-feed': { when: 'first call', modules: ['@aws-sdk/client-s3/'] },
};

/** The lazy chunks of a bundle whose entry is one of `modules` (esbuild's metafile names them). */
function lazyChunks(bundle: BundleResult, modules: readonly string[]): string[] {
  const chunks = Object.entries(bundle.metafile.outputs)
    .filter(([, output]) => output.entryPoint && modules.some((module) => output.entryPoint!.includes(module)))
    .map(([file]) => path.resolve(path.dirname(bundle.file), path.basename(path.dirname(file)) === 'chunks' ? 'chunks' : '', path.basename(file)));
  if (chunks.length !== modules.length) {
    throw new Error(`bundles: expected lazy chunks for ${modules.join(', ')} in ${bundle.file}, found ${chunks.length}`);
  }
  return chunks;
}

/**
 * Each handler bundled exactly as `cdk synth` bundles it (lib/bundling.ts), its size, and the
 * time to import it in a fresh Node process beside `node -e 0` measured in the same rounds.
 * The bundles are written outside the project, so an import that needed node_modules fails.
 */
export const suite: BenchSuite = {
  name: 'bundles',
  async run(): Promise<BenchRow[]> {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'rujp-bundles-'));
    // The SDK-external comparison must resolve @aws-sdk from node_modules, as the runtime's copy would be.
    mkdirSync(path.join(REPO_ROOT, 'cdk.out'), { recursive: true }); // absent on a fresh clone
    const inside = mkdtempSync(path.join(REPO_ROOT, 'cdk.out', 'bench-bundles-'));
    try {
      const bundles = new Map<string, BundleResult>();
      for (const name of HANDLER_NAMES) {
        const bundle = await bundleHandler(REPO_ROOT, name, path.join(outside, name));
        bundles.set(name, bundle);
        console.error(`bundles: ${name} ${(bundle.bytes / 1024).toFixed(0)} KiB — largest: ${largestPackages(bundle.metafile, 6)}`);
      }
      const sdkExternal = await bundleHandler(REPO_ROOT, 'schedule', path.join(inside, 'schedule'), { external: ['@aws-sdk/*'] });
      const sdkFloor = await bundleHandler(REPO_ROOT, 'sdk-floor', path.join(outside, 'sdk-floor'), {
        entryPoints: { index: path.join(REPO_ROOT, 'bench', 'lib', 'sdk-floor-entry.ts') },
      });

      const bare: number[] = [];
      const firstCall = new Map([...bundles].map(([name, bundle]) => [name, [bundle.file, ...lazyChunks(bundle, FIRST_CALL_LOADS[name]!.modules)]]));
      const times = new Map<string, number[]>(
        [...bundles.keys(), ...[...bundles.keys()].map((name) => `${name} (first call)`), 'schedule (SDK external)', 'fetch-source (no maps)', 'sdk floor'].map(
          (name) => [name, []],
        ),
      );
      const { NODE_OPTIONS: _maps, ...withoutMaps } = LAMBDA_ENV;
      timeNode(['-e', '0'], { env: LAMBDA_ENV }); // warm the page cache for the node binary
      for (let round = 0; round < ROUNDS; round++) {
        bare.push(timeNode(['-e', '0'], { env: LAMBDA_ENV, cwd: outside }));
        for (const [name, bundle] of bundles) times.get(name)!.push(timeNode(importArgs(bundle.file), { env: LAMBDA_ENV, cwd: outside }));
        for (const [name, files] of firstCall) times.get(`${name} (first call)`)!.push(timeNode(importArgs(...files), { env: LAMBDA_ENV, cwd: outside }));
        times.get('schedule (SDK external)')!.push(timeNode(importArgs(sdkExternal.file), { env: LAMBDA_ENV, cwd: inside }));
        times.get('sdk floor')!.push(timeNode(importArgs(sdkFloor.file), { env: LAMBDA_ENV, cwd: outside }));
        times.get('fetch-source (no maps)')!.push(timeNode(importArgs(bundles.get('fetch-source')!.file), { env: withoutMaps, cwd: outside }));
      }
      const bareMs = median(bare);
      const anchor = { name: 'node -e 0', value: round1(bareMs) };

      const rows: BenchRow[] = [];
      for (const [name, bundle] of bundles) {
        const gzip = gzipSync(readFileSync(bundle.file)).length;
        const ms = median(times.get(name)!);
        rows.push(
          { suite: 'bundles', name: `${name}: bundle size, all chunks`, value: round1(bundle.totalBytes / 1024), unit: 'KiB' },
          { suite: 'bundles', name: `${name}: loaded at start (index.mjs)`, value: round1(bundle.bytes / 1024), unit: 'KiB' },
          { suite: 'bundles', name: `${name}: index.mjs gzipped`, value: round1(gzip / 1024), unit: 'KiB' },
          {
            suite: 'bundles',
            name: `${name}: import, fresh process (median of ${ROUNDS})`,
            value: round1(ms),
            unit: 'ms',
            anchor,
            goal: '<= 3x anchor',
            met: ms <= 3 * bareMs,
          },
          {
            suite: 'bundles',
            name: `${name}: import + what its ${FIRST_CALL_LOADS[name]!.when} loads`,
            value: round1(median(times.get(`${name} (first call)`)!)),
            unit: 'ms',
            anchor,
          },
        );
      }
      // Kept in every run so the choice to bundle the SDK (lib/bundling.ts) is re-checked.
      const bundled = median(times.get('schedule')!);
      rows.push({
        suite: 'bundles',
        name: 'schedule, AWS SDK from node_modules: import',
        value: round1(median(times.get('schedule (SDK external)')!)),
        unit: 'ms',
        anchor: { name: 'SDK bundled', value: round1(bundled) },
      });
      const floorMs = median(times.get('sdk floor')!);
      rows.push({
        suite: 'bundles',
        name: 'DynamoDB client alone (what every handler loads at start), bundled: import',
        value: round1(floorMs),
        unit: 'ms',
        anchor,
      });
      // What NODE_OPTIONS=--enable-source-maps costs each cold start (Node reads the map at load).
      rows.push({
        suite: 'bundles',
        name: 'fetch-source, without --enable-source-maps: import',
        value: round1(median(times.get('fetch-source (no maps)')!)),
        unit: 'ms',
        anchor: { name: 'with source maps', value: round1(median(times.get('fetch-source')!)) },
      });
      return rows;
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(inside, { recursive: true, force: true });
    }
  },
};
