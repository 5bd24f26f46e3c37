import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemoPass, sourcesPolled } from '../lib/demo-pass.js';
import { median, round1, timeNode } from '../lib/node-process.js';
import type { BenchRow, BenchSuite } from '../types.js';

/**
 * The whole demo pass as a user meets it (`rujp demo --no-serve` on a fresh data dir: start the
 * embedded servers, poll every recorded source, extract, classify, store, publish), wall time,
 * beside a bare Node start measured in the same run.
 */
export const suite: BenchSuite = {
  name: 'demo',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rujp-demo-'));
    try {
      const bare = median([0, 1, 2].map(() => timeNode(['-e', '0'])));
      const { summary, wallMs } = runDemoPass(path.join(dir, 'data'), path.join(dir, 'public'));
      return [
        {
          suite: 'demo',
          name: `demo pass, ${sourcesPolled(summary)} sources, ${summary.items.new} items: wall time`,
          value: Math.round(wallMs),
          unit: 'ms',
          anchor: { name: 'node -e 0', value: round1(bare) },
        },
        {
          suite: 'demo',
          name: 'demo pass: relevant items published',
          value: summary.items.relevant,
          unit: 'items',
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
