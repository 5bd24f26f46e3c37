/**
 * `rujp demo --no-serve --json` in a fresh process, as a user runs it: the recorded snapshot of
 * every registry source, embedded S3 and DynamoDB under `dataDir`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './node-process.js';

/** The fields of the `--json` summary the benchmarks read (see the CLI contract). */
export interface PassSummaryJson {
  sources: { ok: number; notModified: number; failed: { id: string; reason: string }[] };
  items: { new: number; relevant: number; duplicate: number };
  calls: { http: number; s3Put: number; s3Get: number; dynamo: number };
  publishCalls?: { s3Put: number; s3Get: number; s3Other?: number; dynamo: number };
}

export interface DemoRun {
  summary: PassSummaryJson;
  wallMs: number;
}

export function runDemoPass(dataDir: string, outDir: string): DemoRun {
  const cli = path.join(REPO_ROOT, 'cli', 'rujp.mjs');
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, 'demo', '--no-serve', '--json', '--data-dir', dataDir, '--out', outDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 120_000,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(`rujp demo exited ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  }
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return { summary: JSON.parse(last) as PassSummaryJson, wallMs };
  } catch {
    throw new Error(`rujp demo --json: last line is not the JSON summary: ${last.slice(0, 200)}`);
  }
}

/** Sources the pass polled, whatever came of each. */
export function sourcesPolled(summary: PassSummaryJson): number {
  return summary.sources.ok + summary.sources.notModified + summary.sources.failed.length;
}
