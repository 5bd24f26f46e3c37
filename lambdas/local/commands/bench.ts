import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import type { BenchRow, BenchSuite } from '../../../bench/types.js';
import { PACKAGE_ROOT } from '../paths.js';

const USAGE = `usage: rujp bench [--only SUITE,SUITE] [--json]

Runs every suite in bench/suites/, prints one table (each figure beside the peer measured in
the same run) and writes it as JSON under bench/results/.`;

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Counts (calls, items, sources) read as counts, not as 2.000.
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['suite', 'figure', 'value', 'anchor', 'ratio', 'goal', 'met'];
  const body = rows.map((row) => [
    row.suite,
    row.name,
    `${format(row.value)} ${row.unit}${row.spread ? ` (${format(row.spread.min)}–${format(row.spread.max)})` : ''}`,
    row.anchor ? `${row.anchor.name}: ${format(row.anchor.value)}` : '',
    row.anchor && row.anchor.value !== 0 ? `${format(row.value / row.anchor.value)}×` : '',
    row.goal ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { only: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = path.join(PACKAGE_ROOT, 'bench', 'suites');
  const only = values.only?.split(',').map((name) => name.trim());
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort();
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const suiteSeconds: Record<string, number> = {};
  const started = Date.now();
  for (const file of files) {
    const { suite } = (await import(pathToFileURL(path.join(dir, file)).href)) as { suite: BenchSuite };
    if (only && !only.includes(suite.name)) continue;
    io.stderr.write(`bench: ${suite.name}…\n`);
    const t0 = Date.now();
    try {
      const got = await suite.run();
      rows.push(...got);
      suiteSeconds[suite.name] = (Date.now() - t0) / 1000;
      io.stderr.write(`bench: ${suite.name} done in ${suiteSeconds[suite.name]!.toFixed(1)} s\n`);
    } catch (error) {
      failures.push(`${suite.name}: ${(error as Error).message}`);
      io.stderr.write(`bench: ${suite.name} FAILED: ${(error as Error).message}\n`);
    }
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString();
  const seconds = (Date.now() - started) / 1000;
  // The heading and table are Markdown as printed, so the README can quote them as they are.
  io.stdout.write(
    `\nrujp-feed benchmarks — ${date.slice(0, 10)} — ${machine} — the run took ${seconds.toFixed(0)} s\n\n${renderTable(rows)}\n`,
  );
  for (const failure of failures) io.stdout.write(`\nFAILED suite ${failure}\n`);
  const results = path.join(PACKAGE_ROOT, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const out = path.join(results, `bench-${date.replace(/[:.]/g, '-')}.json`);
  const report = { date, machine, seconds, suiteSeconds, rows, failures };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(results, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  io.stderr.write(`bench: results written to ${path.relative(process.cwd(), out)}\n`);
  if (values.json) io.stdout.write(`${JSON.stringify(report)}\n`);
  return failures.length > 0 ? 1 : 0;
}
