import { round1, runWorker } from '../lib/node-process.js';
import type { BenchRow, BenchSuite } from '../types.js';

interface WorkerResult {
  pages: number;
  distinct: number;
  seconds: number;
  pagesPerSecond: number;
  maxRssMiB: number;
  relevant: number;
}

/**
 * What fetch-source spends per new article once the page is in hand (extract + classify), in
 * pages per second on one core, beside Readability.js alone on the same recorded pages: the
 * library a reader would reach for just to get the text.
 */
export const suite: BenchSuite = {
  name: 'pipeline-throughput',
  async run(): Promise<BenchRow[]> {
    // Best of N rounds over all pages; N sized so each side runs one to two seconds in all.
    const ours = runWorker<WorkerResult>('pipeline-throughput-worker.ts', ['ours', '20']);
    const theirs = runWorker<WorkerResult>('pipeline-throughput-worker.ts', ['readability', '5']);
    const ratio = ours.pagesPerSecond / theirs.pagesPerSecond;
    return [
      {
        suite: 'pipeline',
        name: `extract + classify, ${ours.distinct} recorded pages (best round)`,
        value: round1(ours.pagesPerSecond),
        unit: 'pages/s',
        anchor: { name: 'Readability.js + linkedom', value: round1(theirs.pagesPerSecond) },
        goal: '>= 10x anchor',
        met: ratio >= 10,
      },
      {
        suite: 'pipeline',
        name: 'extract + classify: peak RSS',
        value: round1(ours.maxRssMiB),
        unit: 'MiB',
        anchor: { name: 'Readability.js + linkedom', value: round1(theirs.maxRssMiB) },
      },
    ];
  },
};
