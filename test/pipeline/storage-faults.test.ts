import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStorage, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import type { Item } from '../../lambdas/core/types.js';
import { tempDir } from '../support/temp-dir.js';
import { contents, killableStorage, pass } from './storage-support.js';

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

  it('loses nothing and stores nothing twice once the next pass has run', async () => {
    const dataDir = path.join(temp.dir, 'killed');
    const real: EmbeddedStorage = await startEmbeddedStorage(dataDir);
    // Seven archive writes in: a few items are complete, one is half-archived.
    const plug = await killableStorage(real, 7);
    const outcome = await pass(plug.storage, path.join(temp.dir, 'killed-out')).then(
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

      const rerun = await pass(restarted, path.join(temp.dir, 'rerun-out'));
      expect(rerun.sources.failed).toEqual([]);
      const after = await contents(restarted);
      expect(after.items.map((item) => item.id).sort()).toEqual(clean.items.map((item) => item.id).sort());
      expect(after.archiveKeys.sort()).toEqual(clean.archiveKeys.sort());
      expect(rerun.items.new + halfway.items.length).toBe(clean.items.length);
    } finally {
      await restarted.close();
    }
  }, 90_000);
});
