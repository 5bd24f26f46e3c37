import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startEmbeddedStorage, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import type { PassSummary } from '../../lambdas/local/run-pass.js';
import type { Item } from '../../lambdas/core/types.js';
import { tempDir } from '../support/temp-dir.js';
import { PASS_SOURCES, contents, pass, pollCalls } from './storage-support.js';

// Real SDK v3 against the embedded servers; sources served from the recorded sites on 127.0.0.1.
describe('re-runs and concurrent runs store every item once', () => {
  const temp = tempDir();
  let storage: EmbeddedStorage;
  let first: PassSummary;
  let again: PassSummary;
  let stored: { items: Item[]; archiveKeys: string[] };

  beforeAll(async () => {
    storage = await startEmbeddedStorage(path.join(temp.dir, 'single'));
    first = await pass(storage, path.join(temp.dir, 'out-1'));
    again = await pass(storage, path.join(temp.dir, 'out-2'));
    stored = await contents(storage);
  }, 60_000);

  afterAll(async () => {
    await storage?.close();
    temp.cleanup();
  });

  it('stores the items of the first pass, each with its page and extracted JSON side by side', () => {
    expect(first.sources.failed).toEqual([]);
    expect(first.items.new).toBeGreaterThan(10);
    expect(stored.items).toHaveLength(first.items.new);
    for (const item of stored.items) {
      expect(item.archiveKey).toMatch(new RegExp(`^${item.sourceId}/\\d{4}/\\d{2}/\\d{2}/${item.id}\\.html\\.gz$`));
      expect(stored.archiveKeys).toContain(item.archiveKey);
      expect(stored.archiveKeys).toContain(item.archiveKey!.replace(/\.html\.gz$/, '.json'));
    }
  });

  it('a re-run with nothing new upstream makes one HTTP request per source, writes nothing to S3 and makes at most two DynamoDB calls per source', () => {
    expect(again.items.new).toBe(0);
    expect(again.sources.notModified).toBe(PASS_SOURCES.length);
    // The conditional GET only: robots.txt comes from the source state the first pass wrote.
    expect(again.calls.http).toBe(PASS_SOURCES.length);
    expect(pollCalls(again).s3Put).toBe(0);
    expect(pollCalls(again).dynamo).toBeLessThanOrEqual(2 * PASS_SOURCES.length);
    expect(again.calls.s3Get).toBe(0);
  });

  it('two passes at once over one storage give the same items as one pass, each stored once', async () => {
    const other = await startEmbeddedStorage(path.join(temp.dir, 'concurrent'));
    try {
      const [a, b] = await Promise.all([pass(other, path.join(temp.dir, 'out-a')), pass(other, path.join(temp.dir, 'out-b'))]);
      const both = await contents(other);
      expect(new Set(both.items.map((item) => item.id))).toEqual(new Set(stored.items.map((item) => item.id)));
      expect(both.items).toHaveLength(stored.items.length);
      // Whichever pass lost a race found the row there and did not count the item again.
      expect(a.items.new + b.items.new).toBe(stored.items.length);
      expect(both.archiveKeys.sort()).toEqual(stored.archiveKeys.sort());
    } finally {
      await other.close();
    }
  }, 60_000);
});
