import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemoPass, sourcesPolled, type PassSummaryJson } from '../lib/demo-pass.js';
import { round1, round2 } from '../lib/node-process.js';
import type { BenchRow, BenchSuite } from '../types.js';

interface PerSource {
  http: number;
  /** Every DynamoDB call of the pass, the publisher's included, over every source polled, a failed one too. */
  dynamo: number;
  s3Writes: number;
}

function perSource(summary: PassSummaryJson): PerSource {
  const sources = sourcesPolled(summary);
  if (sources === 0) throw new Error('the pass polled no source');
  return {
    http: summary.calls.http / sources,
    dynamo: summary.calls.dynamo / sources,
    s3Writes: summary.calls.s3Put / sources,
  };
}

/**
 * What a poll costs when nothing changed upstream, which is most polls: a first pass over every
 * recorded source fills the store, a second pass over the same data is the no-op poll. Each
 * figure is per source, beside the first pass's.
 */
export const suite: BenchSuite = {
  name: 'noop-poll',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rujp-noop-'));
    try {
      const data = path.join(dir, 'data');
      const out = path.join(dir, 'public');
      const first = runDemoPass(data, out);
      const second = runDemoPass(data, out);
      const before = perSource(first.summary);
      const after = perSource(second.summary);
      const n = sourcesPolled(second.summary);
      const firstAnchor = (value: number) => ({ name: 'first pass', value: round1(value) });
      return [
        {
          suite: 'poll',
          name: `no-op pass: HTTP requests per source (${n} sources)`,
          value: round1(after.http),
          unit: 'req',
          anchor: firstAnchor(before.http),
          goal: '<= 1',
          met: after.http <= 1,
        },
        {
          suite: 'poll',
          name: `no-op pass: DynamoDB calls per source (${second.summary.calls.dynamo} for ${n}, publishing and failed sources counted)`,
          // Two decimals: the bar is 2.00, and 43 calls for 21 sources would read 2.0 at one.
          value: round2(after.dynamo),
          unit: 'calls',
          anchor: { name: 'first pass', value: round2(before.dynamo) },
          goal: '<= 2',
          met: after.dynamo <= 2,
        },
        {
          suite: 'poll',
          name: 'no-op pass: S3 writes per source',
          value: round1(after.s3Writes),
          unit: 'puts',
          anchor: firstAnchor(before.s3Writes),
          goal: '0',
          met: after.s3Writes === 0,
        },
        {
          suite: 'poll',
          name: 'no-op pass: publisher calls (DynamoDB + S3)',
          value: (second.summary.publishCalls?.dynamo ?? 0) + (second.summary.publishCalls?.s3Put ?? 0) + (second.summary.publishCalls?.s3Other ?? 0),
          unit: 'calls',
          anchor: {
            name: 'first pass',
            value: (first.summary.publishCalls?.dynamo ?? 0) + (first.summary.publishCalls?.s3Put ?? 0) + (first.summary.publishCalls?.s3Other ?? 0),
          },
        },
        { suite: 'poll', name: 'no-op pass: wall time, fresh process', value: Math.round(second.wallMs), unit: 'ms', anchor: { name: 'first pass', value: Math.round(first.wallMs) } },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
