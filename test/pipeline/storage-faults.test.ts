import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStorage, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import type { Item } from '../../lambdas/core/types.js';
import { tempDir } from '../support/temp-dir.js';
import { contents, killableStorage, pass, type KillPoint } from './storage-support.js';

/** Each published entry with the sources listed as its reprints, as a reader sees them. */
function feedEntries(outDir: string): string[] {
  const feed = JSON.parse(readFileSync(path.join(outDir, 'feed.json'), 'utf8')) as {
    items: { id: string; _rujp: { also_in: { id?: string; url?: string }[] } }[];
  };
  return feed.items.map((item) => `${item.id} also in ${JSON.stringify(item._rujp.also_in)}`).sort();
}

describe('storage servers stopped in the middle of a pass', () => {
  const temp = tempDir();
  let clean: { items: Item[]; archiveKeys: string[] };

  beforeAll(async () => {
    const storage = await startEmbeddedStorage(path.join(temp.dir, 'clean'));
    try {
      await pass(storage, path.join(temp.dir, 'clean-out'));
      clean = await contents(storage);
    } finally {
      await storage.close();
    }
  }, 60_000);
  afterAll(() => temp.cleanup());

  // Each cut falls between two steps of the write order (README, Storage): seven archive
  // writes in (a few items complete, one half-archived); right after an item's fingerprint
  // row and before its item row; right after an item row, before the source state.
  const cuts: { after: number; point: KillPoint; between: string }[] = [
    { after: 7, point: 'archive-put', between: 'the raw page and its JSON' },
    { after: 3, point: 'fingerprint-row', between: 'a fingerprint row and its item row' },
    { after: 4, point: 'item-row', between: 'an item row and the next article' },
  ];

  it.each(cuts)('cut between $between: loses nothing and stores nothing twice once the next pass has run', async ({ after, point }) => {
    const dataDir = path.join(temp.dir, `killed-${point}`);
    const real: EmbeddedStorage = await startEmbeddedStorage(dataDir);
    const plug = await killableStorage(real, after, point);
    const outcome = await pass(plug.storage, path.join(temp.dir, `killed-${point}-out`)).then(
      (summary) => ({ summary, error: null }),
      (error: Error) => ({ summary: null, error }),
    );
    await plug.stopServers();
    expect(plug.killed()).toBe(true);
    // The pass either reports the sources that failed or stops with a storage error; the process goes on.
    if (outcome.summary) expect(outcome.summary.sources.failed.length).toBeGreaterThan(0);
    else expect(outcome.error?.message).toBeTruthy();

    const restarted = await startEmbeddedStorage(dataDir);
    try {
      const halfway = await contents(restarted);
      expect(halfway.items.length).toBeLessThan(clean.items.length);
      // No row is marked done before its page is archived.
      for (const item of halfway.items) expect(halfway.archiveKeys).toContain(item.archiveKey);

      const rerun = await pass(restarted, path.join(temp.dir, `rerun-${point}-out`));
      expect(rerun.sources.failed).toEqual([]);
      const after = await contents(restarted);
      expect(after.items.map((item) => item.id).sort()).toEqual(clean.items.map((item) => item.id).sort());
      // The same feed as a clean run: an orphan fingerprint left by the cut neither splits
      // nor merges a story (stored cluster ids are hints that depend on polling order).
      expect(feedEntries(path.join(temp.dir, `rerun-${point}-out`))).toEqual(feedEntries(path.join(temp.dir, 'clean-out')));
      expect(after.archiveKeys.sort()).toEqual(clean.archiveKeys.sort());
      expect(rerun.items.new + halfway.items.length).toBe(clean.items.length);
    } finally {
      await restarted.close();
    }
  }, 90_000);
});
