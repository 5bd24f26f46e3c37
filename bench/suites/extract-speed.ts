import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSuite } from '../types.js';
import { aebDir, loadAebPages } from '../lib/aeb-pages.js';

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'extract-speed-worker.ts');
const round1 = (n: number) => Math.round(n * 10) / 10;

interface WorkerResult {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  maxRssMiB: number;
}

function measure(which: 'ours' | 'readability', rounds: number): WorkerResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', worker, which, String(rounds)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = out.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(last) as WorkerResult & { error?: string };
  if (parsed.error) throw new Error(`extract-speed worker (${which}): ${parsed.error}`);
  return parsed;
}

/** Pages per second of extractArticle and of Readability.js on the same pages, each in its own process. */
export const suite: BenchSuite = {
  name: 'extract-speed',
  async run(): Promise<BenchRow[]> {
    if (!loadAebPages()) {
      console.log(`extract-speed: skipped, no benchmark pages in ${aebDir()} (set RUJP_AEB_DIR to the aeb-dev folder)`);
      return [];
    }
    const ours = measure('ours', 5);
    const theirs = measure('readability', 2);
    const ratio = ours.pagesPerSecond / theirs.pagesPerSecond;
    return [
      {
        suite: 'extract',
        name: 'pages/s on aeb-dev',
        value: round1(ours.pagesPerSecond),
        unit: 'pages/s',
        anchor: { name: 'Readability.js + linkedom', value: round1(theirs.pagesPerSecond) },
        goal: '>= 10x anchor',
        met: ratio >= 10,
      },
      { suite: 'extract', name: 'speed vs Readability.js', value: round1(ratio), unit: 'x', goal: '>= 10', met: ratio >= 10 },
      {
        suite: 'extract',
        name: 'peak RSS while extracting',
        value: round1(ours.maxRssMiB),
        unit: 'MiB',
        anchor: { name: 'Readability.js + linkedom', value: round1(theirs.maxRssMiB) },
      },
    ];
  },
};
