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

/**
 * Fresh-process runs per figure; the median of interleaved runs shrugs off a busy neighbour, and
 * each time figure shows its fastest and slowest round beside it.
 */
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
      // The ways out of issue 17, side by side: what each way of talking to DynamoDB costs a
      // cold start on its own, bundled like a handler (or, for the runtime's copy of the SDK,
      // loaded from node_modules), plus Powertools, which every handler also creates at start.
      const floors: { key: string; label: string; entry: string; external?: boolean }[] = [
        { key: 'signed', label: 'DynamoDB via the signed JSON client (what every handler loads now), bundled', entry: 'signed-client' },
        { key: 'sdk doc', label: 'DynamoDB via SDK client + lib-dynamodb (what they loaded before), bundled', entry: 'sdk-document-client' },
        { key: 'sdk client', label: 'DynamoDB via SDK client without lib-dynamodb, bundled', entry: 'sdk-client' },
        { key: 'sdk runtime', label: "DynamoDB via SDK client + lib-dynamodb from node_modules, as the runtime's copy loads", entry: 'sdk-document-client', external: true },
        { key: 'powertools', label: 'Powertools logger + metrics alone, bundled', entry: 'powertools' },
      ];
      const floorFiles = new Map<string, { file: string; cwd: string }>();
      for (const floor of floors) {
        const where = floor.external ? inside : outside;
        const bundle = await bundleHandler(REPO_ROOT, floor.key, path.join(where, floor.key.replace(/ /g, '-')), {
          entryPoints: { index: path.join(REPO_ROOT, 'bench', 'lib', 'floors', `${floor.entry}.ts`) },
          ...(floor.external ? { external: ['@aws-sdk/*'] } : {}),
        });
        floorFiles.set(floor.key, { file: bundle.file, cwd: where });
      }

      const firstCall = new Map([...bundles].map(([name, bundle]) => [name, [bundle.file, ...lazyChunks(bundle, FIRST_CALL_LOADS[name]!.modules)]]));
      const times = new Map<string, number[]>(
        ['bare', ...bundles.keys(), ...[...bundles.keys()].map((name) => `${name} (first call)`), 'fetch-source (no maps)', ...floorFiles.keys()].map((name) => [name, []]),
      );
      const { NODE_OPTIONS: _maps, ...withoutMaps } = LAMBDA_ENV;
      timeNode(['-e', '0'], { env: LAMBDA_ENV }); // warm the page cache for the node binary
      for (let round = 0; round < ROUNDS; round++) {
        times.get('bare')!.push(timeNode(['-e', '0'], { env: LAMBDA_ENV, cwd: outside }));
        for (const [name, bundle] of bundles) times.get(name)!.push(timeNode(importArgs(bundle.file), { env: LAMBDA_ENV, cwd: outside }));
        for (const [name, files] of firstCall) times.get(`${name} (first call)`)!.push(timeNode(importArgs(...files), { env: LAMBDA_ENV, cwd: outside }));
        for (const [key, { file, cwd }] of floorFiles) times.get(key)!.push(timeNode(importArgs(file), { env: LAMBDA_ENV, cwd }));
        times.get('fetch-source (no maps)')!.push(timeNode(importArgs(bundles.get('fetch-source')!.file), { env: withoutMaps, cwd: outside }));
      }
      const bareMs = median(times.get('bare')!);
      const anchor = { name: 'node -e 0', value: round1(bareMs) };
      const timed = (key: string) => {
        const values = times.get(key)!;
        return { value: round1(median(values)), unit: 'ms', spread: { min: round1(Math.min(...values)), max: round1(Math.max(...values)) } };
      };

      const rows: BenchRow[] = [
        { suite: 'bundles', name: `node -e 0, fresh process (median of ${ROUNDS})`, ...timed('bare') },
      ];
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
            ...timed(name),
            anchor,
            goal: '<= 3x anchor',
            met: ms <= 3 * bareMs,
          },
          {
            suite: 'bundles',
            name: `${name}: import + what its ${FIRST_CALL_LOADS[name]!.when} loads`,
            ...timed(`${name} (first call)`),
            anchor,
          },
        );
      }
      for (const floor of floors) rows.push({ suite: 'bundles', name: `${floor.label}: import`, ...timed(floor.key), anchor });
      // What NODE_OPTIONS=--enable-source-maps costs each cold start (Node reads the map at load).
      rows.push({
        suite: 'bundles',
        name: 'fetch-source, without --enable-source-maps: import',
        ...timed('fetch-source (no maps)'),
        anchor: { name: 'with source maps', value: round1(median(times.get('fetch-source')!)) },
      });
      return rows;
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(inside, { recursive: true, force: true });
    }
  },
};
