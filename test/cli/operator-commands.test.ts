/**
 * The operator's commands on local data: `rujp status` reads what a pass left in the state
 * rows, `rujp redrive` puts dead-letter messages back on the queue, and `rujp invoke
 * fetch-source` takes them from there.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as redrive } from '../../lambdas/local/commands/redrive.js';
import { main as status, type SourceStatus } from '../../lambdas/local/commands/status.js';
import { DEAD_LETTER_FILE, QUEUE_FILE } from '../../lambdas/local/file-queue.js';
import { RECORDED_SITES } from '../../lambdas/local/paths.js';
import { runPass } from '../../lambdas/local/run-pass.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';
import { memoryIO } from '../support/memory-io.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const silentLog = { info() {}, warn() {}, error() {} };
const OK = 'tass-ru';
const BLOCKED = 'mid-ru';

describe('rujp status on local data', () => {
  const temp = tempDir('rujp-status-');
  const dataDir = path.join(temp.dir, 'data');
  let rows: SourceStatus[];
  let text: string;
  const passAt = new Date();

  beforeAll(async () => {
    // One pass over two recorded sources: one answers, one shows its bot wall.
    await runPass({ only: [OK, BLOCKED], dataDir, outDir: path.join(temp.dir, 'public'), recordedRoots: [RECORDED_SITES], log: silentLog, clock: { now: () => passAt } });
    const json = memoryIO();
    expect(await status(['--data-dir', dataDir, '--json'], json)).toBe(0);
    rows = json.stdoutText().trim().split('\n').map((line) => JSON.parse(line) as SourceStatus);
    const plain = memoryIO();
    expect(await status(['--data-dir', dataDir], plain)).toBe(0);
    text = plain.stdoutText();
  });

  afterAll(() => temp.cleanup());

  it('lists every registry source, polled or not', () => {
    expect(rows.map((row) => row.id).sort()).toEqual(loadRegistry().map((source) => source.id).sort());
    const unpolled = rows.find((row) => row.id !== OK && row.id !== BLOCKED && row.enabled)!;
    expect(unpolled).toMatchObject({ lastSuccessAt: null, lastPolledAt: null, consecutiveFailures: 0, nextDueAt: null });
  });

  it('a source that answered: its last success, no failures, next due after its cadence', () => {
    const cadence = loadRegistry().find((source) => source.id === OK)!.cadenceMinutes;
    const row = rows.find((entry) => entry.id === OK)!;
    expect(row).toMatchObject({ lastSuccessAt: passAt.toISOString(), consecutiveFailures: 0, backoffUntil: null, lastError: null });
    expect(Date.parse(row.nextDueAt!)).toBe(passAt.getTime() + cadence * 60_000 - 60_000);
  });

  it('a failing source: failures, since when, its backoff and the error', () => {
    const row = rows.find((entry) => entry.id === BLOCKED)!;
    expect(row).toMatchObject({ lastSuccessAt: null, consecutiveFailures: 1, failingSince: passAt.toISOString() });
    expect(row.lastError).toMatch(/blocked/);
    expect(Date.parse(row.backoffUntil!)).toBeGreaterThan(passAt.getTime());
    expect(Date.parse(row.nextDueAt!)).toBeGreaterThanOrEqual(Date.parse(row.backoffUntil!));
  });

  it('prints a table a person can read, one line per source', () => {
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^source\s+last success\s+failures\s+backoff until\s+next due\s+last error$/);
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.find((line) => line.startsWith(`${BLOCKED} `))).toMatch(/1 since .*blocked/);
    expect(lines.find((line) => line.startsWith(`${OK} `))).toContain(`${passAt.toISOString().slice(0, 16).replace('T', ' ')}Z`);
  });

  it('refuses --profile without --table, naming the fix', async () => {
    await expect(status(['--profile', 'ops'], memoryIO())).rejects.toThrow(/--profile and --region go with --table/);
  });
});

describe('rujp redrive on local data', () => {
  const temp = tempDir('rujp-redrive-');
  const dataDir = path.join(temp.dir, 'data');
  const deadLetters = path.join(dataDir, DEAD_LETTER_FILE);
  const queue = path.join(dataDir, QUEUE_FILE);

  afterAll(() => temp.cleanup());

  it('moves the dead-letter messages to the queue, and fetch-source takes them from there', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
    // What `rujp invoke fetch-source` leaves for a message that failed.
    writeFileSync(deadLetters, `${JSON.stringify({ sourceId: OK })}\n`);
    const io = memoryIO();
    expect(await redrive(['--data-dir', dataDir], io)).toBe(0);
    expect(io.stdoutText()).toMatch(new RegExp(`moved 1 message \\(${OK}\\)`));
    expect(existsSync(deadLetters)).toBe(false);
    expect(readFileSync(queue, 'utf8')).toBe(`${JSON.stringify({ sourceId: OK })}\n`);

    const again = memoryIO();
    expect(await redrive(['--data-dir', dataDir], again)).toBe(0);
    expect(again.stdoutText()).toMatch(/no dead-letter messages/);

    const invoked = await runCli(['invoke', 'fetch-source', '--recorded', '--data-dir', dataDir, '--out', path.join(temp.dir, 'public')]);
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(invoked.stderr).toMatch(new RegExp(`source ${OK}: ok, \\d+ links, [1-9]\\d* new`));
    expect(existsSync(queue)).toBe(false);
  });

  it('checks a --dlq-arn before calling AWS', async () => {
    await expect(redrive(['--dlq-arn', 'not-an-arn'], memoryIO())).rejects.toThrow(/is not an SQS queue ARN/);
  });
});
