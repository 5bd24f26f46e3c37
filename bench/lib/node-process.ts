/**
 * Child processes for the benchmarks: a figure measured in a fresh process is not coloured by
 * what earlier suites left in this one (JIT state, heap, open servers), and its peak memory is
 * its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs a TypeScript worker under tsx and parses the last line it prints as JSON; a worker that
 * reports `{"error": …}` or exits non-zero becomes an Error naming the worker and its stderr.
 */
export function runWorker<T>(worker: string, args: string[], options: { timeoutMs?: number } = {}): T {
  const file = path.join(REPO_ROOT, 'bench', 'lib', worker);
  let out: string;
  try {
    out = execFileSync(process.execPath, ['--import', 'tsx', file, ...args], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
      timeout: options.timeoutMs ?? 120_000,
      cwd: REPO_ROOT,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${worker} ${args.join(' ')} failed: ${(error as Error).message.split('\n')[0]}${stderr ? `\n${stderr}` : ''}`);
  }
  const last = out.trim().split('\n').pop() ?? '';
  let parsed: T & { error?: string };
  try {
    parsed = JSON.parse(last) as T & { error?: string };
  } catch {
    throw new Error(`${worker} ${args.join(' ')}: last line is not JSON: ${last.slice(0, 200)}`);
  }
  if (parsed.error) throw new Error(`${worker} ${args.join(' ')}: ${parsed.error}`);
  return parsed;
}

/** Wall time in milliseconds of one `node ARGS` run; throws with its stderr when it fails. */
export function timeNode(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env: options.env, cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(`node ${args.join(' ').slice(0, 120)} exited ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return ms;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
export const round2 = (n: number): number => Math.round(n * 100) / 100;
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;
