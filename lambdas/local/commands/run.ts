import { parseArgs } from 'node:util';
import path from 'node:path';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import type { PipelineLog, PollReport } from '../../pipeline/poll-source.js';
import { runPass, type PassSummary } from '../run-pass.js';
import { DEFAULT_PORT, serveUntilStopped } from './serve.js';
import { DEFAULT_DEMO_DATA, DEFAULT_LIVE_DATA, DEFAULT_OUT, RECORDED_SITES } from '../paths.js';

const RUN_USAGE = `usage: rujp run [--sources FILE|DIR] [--data-dir DIR] [--out DIR] [--only ID,ID] [--json] [--verbose]

One pass of the pipeline over the registry: polls every enabled source, stores new items in
the embedded S3/DynamoDB under the data dir (default ${DEFAULT_LIVE_DATA}), publishes the feeds
to the out dir (default ${DEFAULT_OUT}). With --json the last line is a JSON summary.`;

const DEMO_USAGE = `usage: rujp demo [--no-serve] [--port N] [--data-dir DIR] [--out DIR] [--json] [--verbose]

The same pass over the recorded snapshot of every source (served from files on 127.0.0.1, no
network needed), data under ${DEFAULT_DEMO_DATA}, then serves the feeds unless --no-serve.`;

const START_USAGE = `usage: rujp start [--no-serve] [--port N] [--sources FILE|DIR] [--data-dir DIR] [--out DIR] [--only ID,ID] [--json] [--verbose]

What \`npm start\` runs: one pass over the registry on the live web, as \`rujp run\` (data under
${DEFAULT_LIVE_DATA}, feeds to ${DEFAULT_OUT}), then serves the feeds on 127.0.0.1 (port ${DEFAULT_PORT}, or N;
0 picks a free one) unless --no-serve. On a machine without a network it names the sources it
could not reach and points to \`npm run demo\`.`;

const USAGES: Record<Mode, string> = { run: RUN_USAGE, demo: DEMO_USAGE, start: START_USAGE };

const OPTIONS = {
  sources: { type: 'string' },
  'data-dir': { type: 'string' },
  out: { type: 'string' },
  only: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  'no-serve': { type: 'boolean', default: false },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Mode = 'run' | 'demo' | 'start';

function parse(argv: string[], mode: Mode) {
  try {
    const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
    if (mode === 'run' && (values['no-serve'] || values.port)) throw new Error('--no-serve and --port belong to demo and start');
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new Error(`--port must be a port number, not "${values.port}"`);
    }
    return { ...values, port };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGES[mode]}`);
  }
}

/** Per-source progress on stderr, so stdout keeps only what --json promises. */
function progressPrinter(io: CommandIO, verbose: boolean): { log: PipelineLog; onSource: (report: PollReport) => void } {
  const log: PipelineLog = {
    info: (message, fields) => {
      if (verbose) io.stderr.write(`  ${message} ${JSON.stringify(fields ?? {})}\n`);
    },
    warn: (message, fields) => {
      if (verbose) io.stderr.write(`  ! ${message} ${JSON.stringify(fields ?? {})}\n`);
    },
  };
  const onSource = (report: PollReport) => {
    const id = report.sourceId.padEnd(16);
    if (report.status === 'failed') {
      io.stderr.write(`✗ ${id} failed (${report.failureKind}): ${report.reason}\n`);
    } else if (report.status === 'not-modified') {
      io.stderr.write(`= ${id} not modified\n`);
    } else {
      const { new: fresh, relevant, duplicate, failed } = report.items;
      const extra = [duplicate ? `${duplicate} reprints` : '', failed ? `${failed} failed` : ''].filter(Boolean).join(', ');
      io.stderr.write(
        `✓ ${id} ${report.candidates} links, ${fresh} new, ${relevant} relevant${extra ? `, ${extra}` : ''}\n`,
      );
      for (const failure of report.articleFailures) io.stderr.write(`    ✗ ${failure.url}: ${failure.reason}\n`);
      for (const url of report.undated) io.stderr.write(`    ? ${url}: no date found, stored with the fetch time\n`);
    }
  };
  return { log, onSource };
}

function summaryLine(summary: PassSummary): string {
  const { sources, items, calls, published } = summary;
  return [
    `sources: ${sources.ok} ok, ${sources.notModified} not modified, ${sources.failed.length} failed`,
    `items: ${items.new} new, ${items.relevant} relevant, ${items.duplicate} reprints${items.failed ? `, ${items.failed} failed` : ''}`,
    `calls: ${calls.http} HTTP, ${calls.s3Put} S3 puts, ${calls.s3Get} S3 gets, ${calls.dynamo} DynamoDB`,
    published.error
      ? `feeds: NOT published (${published.error}); the next pass publishes them`
      : `feeds: ${published.entries} entries, ${published.written} files written to ${path.relative(process.cwd(), published.outDir) || '.'}`,
    `took ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

function jsonSummary(summary: PassSummary) {
  const { reports: _reports, ...rest } = summary;
  return rest;
}

async function pass(argv: string[], io: CommandIO, mode: Mode): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${USAGES[mode]}\n`);
    return 0;
  }
  const options = parse(argv, mode);
  const { log, onSource } = progressPrinter(io, options.verbose);
  const outDir = options.out ?? DEFAULT_OUT;
  io.stderr.write(mode === 'demo' ? 'rujp demo: polling the recorded snapshot of every source\n' : `rujp ${mode}: polling the registry\n`);
  const summary = await runPass({
    sourcesPath: options.sources,
    only: options.only?.split(',').map((id) => id.trim()).filter(Boolean),
    dataDir: options['data-dir'] ?? (mode === 'demo' ? DEFAULT_DEMO_DATA : DEFAULT_LIVE_DATA),
    outDir,
    recordedRoots: mode === 'demo' ? [RECORDED_SITES] : undefined,
    log,
    onSource,
    // Written for the port that will serve them; with --port 0 that is known only once serving,
    // and the server rewrites these links to the port it got (see servePublished).
    feedBaseUrl: mode === 'run' ? undefined : `http://127.0.0.1:${options.port || DEFAULT_PORT}/`,
  });
  io.stderr.write(`${summaryLine(summary)}\n`);

  const polled = summary.sources.ok + summary.sources.notModified + summary.sources.failed.length;
  if (mode !== 'demo' && polled > 0 && summary.sources.failed.length === polled) {
    io.stderr.write(
      `\nNo source could be reached: ${summary.sources.failed.map((failure) => failure.id).join(', ')}.\n` +
        'Is this machine offline? `npm run demo` runs the same pipeline over the recorded snapshot of every source.\n',
    );
  }
  if (options.json) io.stdout.write(`${JSON.stringify(jsonSummary(summary))}\n`);
  if (mode !== 'run' && !options['no-serve']) {
    io.stdout.write('\n');
    await serveUntilStopped(io, outDir, options.port ?? DEFAULT_PORT);
  }
  return 0;
}

export const main = (argv: string[], io: CommandIO) => pass(argv, io, 'run');
export const demo = (argv: string[], io: CommandIO) => pass(argv, io, 'demo');
export const start = (argv: string[], io: CommandIO) => pass(argv, io, 'start');
