/**
 * `rujp status`: each source's health from its state row (last success, failures in a row,
 * backoff, when it is next due, the last error), from the local data folder or, with
 * `--table` (and `--profile`/`--region`), from the deployed table. It reads with the same store
 * the Lambdas use, so what it shows is what the schedule sees.
 */
import { parseArgs } from 'node:util';
import type { SourceState } from '../../core/ports.js';
import { nextDueAt } from '../../pipeline/plan-due-sources.js';
import { createRuntime } from '../../runtime/runtime.js';
import { pipelineLog } from '../../runtime/observability.js';
import { loadRegistry } from '../../sources/load-registry.js';
import type { SourceEntry } from '../../sources/registry-schema.js';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { startEmbeddedStorage } from '../embedded-storage.js';
import { DEFAULT_DEMO_DATA, DEFAULT_LIVE_DATA } from '../paths.js';

const USAGE = `usage: rujp status [--data-dir DIR | --demo] [--sources PATH] [--json]
       rujp status --table NAME [--profile NAME] [--region REGION] [--sources PATH] [--json]

Shows each registry source's state: last success, consecutive failures, backoff, when the
schedule next polls it, and the last error. Locally from the data folder (default
${DEFAULT_LIVE_DATA}, --demo: ${DEFAULT_DEMO_DATA}); with --table from the deployed table (the
stack's TableName output), using the AWS profile and region given or the usual AWS variables.`;

export interface SourceStatus {
  id: string;
  enabled: boolean;
  /** never: no state row yet (the source has not been polled). */
  lastSuccessAt: string | null;
  lastPolledAt: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  /** Set while a failed source waits out its backoff. */
  backoffUntil: string | null;
  /** When the schedule next polls it; null: at the next tick. Disabled sources are never due. */
  nextDueAt: string | null;
  lastError: string | null;
}

export function statusOf(source: SourceEntry, state: SourceState | undefined, now: Date): SourceStatus {
  const due = nextDueAt(source, state);
  const backoff = state?.nextAttemptAt && Date.parse(state.nextAttemptAt) > now.getTime() ? state.nextAttemptAt : null;
  return {
    id: source.id,
    enabled: source.enabled !== false,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastPolledAt: state?.lastPolledAt ?? null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    failingSince: state?.failingSince ?? null,
    backoffUntil: backoff,
    nextDueAt: Number.isFinite(due) && due > now.getTime() ? new Date(due).toISOString() : null,
    lastError: state?.lastError ?? null,
  };
}

const minute = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '');

function table(rows: SourceStatus[]): string {
  const header = ['source', 'last success', 'failures', 'backoff until', 'next due', 'last error'];
  const cells = rows.map((row) => [
    row.enabled ? row.id : `${row.id} (disabled)`,
    row.lastSuccessAt ? minute(row.lastSuccessAt) : row.lastPolledAt ? 'never' : 'not polled yet',
    row.consecutiveFailures ? `${row.consecutiveFailures} since ${minute(row.failingSince)}` : '0',
    minute(row.backoffUntil),
    row.enabled ? (row.nextDueAt ? minute(row.nextDueAt) : 'next tick') : 'never',
    row.lastError ?? '',
  ]);
  const widths = header.map((title, n) => Math.max(title.length, ...cells.map((line) => line[n]!.length)));
  const line = (values: string[]) => values.map((value, n) => (n === values.length - 1 ? value : value.padEnd(widths[n]!))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        demo: { type: 'boolean', default: false },
        table: { type: 'string' },
        profile: { type: 'string' },
        region: { type: 'string' },
        sources: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const remote = values.table !== undefined;
  if (!remote && (values.profile || values.region)) throw new UsageError(`--profile and --region go with --table (the deployed table)\n${USAGE}`);
  if (remote && (values['data-dir'] || values.demo)) throw new UsageError(`--table reads the deployed table; --data-dir and --demo are for local data\n${USAGE}`);

  const sources = loadRegistry(values.sources);
  const now = new Date();
  let states: Map<string, SourceState>;
  if (remote) {
    // The SDK's own chain reads the profile (SSO, assumed roles, credential files alike).
    if (values.profile) process.env.AWS_PROFILE = values.profile;
    const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new UsageError(`no region: pass --region or set AWS_REGION\n${USAGE}`);
    const rt = createRuntime(pipelineLog, { env: { TABLE_NAME: values.table, AWS_REGION: region } });
    try {
      states = await rt.items().getSourceStates(sources.map((source) => source.id));
    } catch (error) {
      throw new Error(`cannot read the source states from table ${values.table} in ${region}: ${(error as Error).message}`);
    } finally {
      rt.storage.destroy();
    }
  } else {
    const storage = await startEmbeddedStorage(values['data-dir'] ?? (values.demo ? DEFAULT_DEMO_DATA : DEFAULT_LIVE_DATA));
    const rt = createRuntime(pipelineLog, { env: { ...storage.env } });
    try {
      states = await rt.items().getSourceStates(sources.map((source) => source.id));
    } finally {
      rt.storage.destroy();
      await storage.close();
    }
  }
  const rows = sources.map((source) => statusOf(source, states.get(source.id), now));
  if (values.json) {
    for (const row of rows) io.stdout.write(`${JSON.stringify(row)}\n`);
  } else {
    io.stdout.write(`${table(rows)}\n`);
  }
  return 0;
}
