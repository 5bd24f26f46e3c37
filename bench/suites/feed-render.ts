import { round1, runWorker } from '../lib/node-process.js';
import type { BenchRow, BenchSuite } from '../types.js';

interface WorkerResult {
  entries: number;
  ms: number;
  maxRssMiB: number;
  files: number;
  bytes: number;
}

/**
 * Rendering every published file (main, per-region, per-prefecture and per-topic feeds in three
 * formats, OPML, page) for 1 000 and 10 000 entries: time and peak memory of a fresh process,
 * beside one JSON.stringify of the same entries in a process of its own (same loader, same data).
 */
export const suite: BenchSuite = {
  name: 'feed-render',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const n of [1_000, 10_000]) {
      const all = runWorker<WorkerResult>('feed-render-worker.ts', ['all', String(n)]);
      const anchor = runWorker<WorkerResult>('feed-render-worker.ts', ['stringify', String(n)]);
      const label = n.toLocaleString('en').replace(',', ' ');
      rows.push(
        {
          suite: 'feeds',
          name: `render all feeds, ${label} entries (${all.files} files, ${round1(all.bytes / 2 ** 20)} MiB)`,
          value: Math.round(all.ms),
          unit: 'ms',
          anchor: { name: 'JSON.stringify', value: Math.round(anchor.ms) },
        },
        {
          suite: 'feeds',
          name: `render all feeds, ${label} entries: peak RSS`,
          value: round1(all.maxRssMiB),
          unit: 'MiB',
          anchor: { name: 'JSON.stringify', value: round1(anchor.maxRssMiB) },
        },
      );
    }
    return rows;
  },
};
