import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStorage, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import { groupStories, type GroupableItem } from '../../lambdas/dedupe/group-stories.js';
import { storySignature } from '../../lambdas/dedupe/story-signature.js';
import { sampleItem } from '../support/sample-item.js';
import { tempDir } from '../support/temp-dir.js';
import { pass } from './storage-support.js';

const COPIES = ['tass-ru', 'yenisei-vesti', 'eastrussia'];
const TASS_URL = 'https://tass.ru/ekonomika/6910334';

interface JsonFeed {
  items: { url: string; title: string; _rujp: { source: { id: string }; also_in: { source_id: string; url: string }[] } }[];
}

const readFeed = (out: string) => JSON.parse(readFileSync(path.join(out, 'feed.json'), 'utf8')) as JsonFeed;
const krasnoyarskEntries = (feed: JsonFeed) => feed.items.filter((item) => /Токио/.test(item.title) && /Красноярск/.test(item.title));

describe('the three recorded copies of the Krasnoyarsk story make one feed entry', () => {
  const temp = tempDir();
  let storage: EmbeddedStorage;

  beforeAll(async () => {
    storage = await startEmbeddedStorage(path.join(temp.dir, 'data'));
  });
  afterAll(async () => {
    await storage?.close();
    temp.cleanup();
  });

  it('polled together: one entry from TASS listing the reprint and the rewrite', async () => {
    const out = path.join(temp.dir, 'together');
    await pass(storage, out, COPIES);
    const entries = krasnoyarskEntries(readFeed(out));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.url).toBe(TASS_URL);
    expect(entries[0]!._rujp.also_in.map((other) => other.source_id).sort()).toEqual(['eastrussia', 'yenisei-vesti']);
    const rss = readFileSync(path.join(out, 'feed.xml'), 'utf8');
    expect(rss.match(/<item>/g)?.length).toBe(readFeed(out).items.length);
    expect(rss.match(new RegExp(`<link>${TASS_URL}</link>`, 'g'))).toHaveLength(1);
    expect(rss).not.toContain('<link>https://yenisei-vesti.ru/2019/09/20/');
  }, 30_000);

  it('polled one source at a time, the reprint first: still one entry, and the earliest copy leads', async () => {
    const other = await startEmbeddedStorage(path.join(temp.dir, 'one-by-one'));
    try {
      for (const id of ['yenisei-vesti', 'eastrussia', 'tass-ru']) await pass(other, path.join(temp.dir, `single-${id}`), [id]);
      const entries = krasnoyarskEntries(readFeed(path.join(temp.dir, 'single-tass-ru')));
      expect(entries).toHaveLength(1);
      expect(entries[0]!._rujp.source.id).toBe('tass-ru');
      expect(entries[0]!._rujp.also_in).toHaveLength(2);
    } finally {
      await other.close();
    }
  }, 30_000);
});

describe('grouping the feed window into stories', () => {
  const text = 'Делегация Красноярского края во главе с губернатором Александром Уссом провела в Токио презентацию экономического, инвестиционного и туристического потенциала региона. Годовой объем торговли составляет около 86 млн долларов.';
  const copy = (id: string, sourceId: string, publishedAt: string, regions: string[] = []): GroupableItem => ({
    ...sampleItem({ id, clusterId: id, sourceId, sourceName: sourceId, publishedAt, regions }),
    signature: storySignature('Презентация в Токио', text),
  });
  const items = [
    copy('b0000000000000000000000b', 'yenisei-vesti', '2019-09-20T14:10:00.000Z', ['krasnoyarsk-krai']),
    copy('a0000000000000000000000a', 'tass-ru', '2019-09-20T09:47:35.000Z'),
    copy('c0000000000000000000000c', 'eastrussia', '2019-09-20T10:05:00.000Z'),
  ];

  it('gives the same story and canonical entry in whatever order the items come', () => {
    const forward = groupStories(items);
    const backward = groupStories([...items].reverse());
    expect(forward).toEqual(backward);
    expect(forward).toHaveLength(1);
    expect(forward[0]!.id).toBe('a0000000000000000000000a');
    expect(forward[0]!.alsoIn.map((other) => other.sourceId)).toEqual(['eastrussia', 'yenisei-vesti']);
    // A reprint's region tag still files the story under that region.
    expect(forward[0]!.regions).toContain('krasnoyarsk-krai');
  });

  it('breaks a tie of dates by source rank, then by id', () => {
    const tied = items.map((item) => ({ ...item, publishedAt: '2019-09-20T10:00:00.000Z' }));
    expect(groupStories(tied)[0]!.id).toBe('a0000000000000000000000a');
    const rank = (sourceId: string) => (sourceId === 'eastrussia' ? 0 : 1);
    expect(groupStories(tied, { sourceRank: rank })[0]!.sourceId).toBe('eastrussia');
  });

  it('joins items through a stored cluster id even without fingerprints', () => {
    const stored = [
      { ...sampleItem({ id: 'x1', clusterId: 'x1' }), signature: null },
      { ...sampleItem({ id: 'x2', clusterId: 'x1', sourceId: 'eastrussia', publishedAt: '2019-09-21T00:00:00.000Z' }), signature: null },
      { ...sampleItem({ id: 'y1', clusterId: 'y1', sourceId: 'ria' }), signature: null },
    ];
    const entries = groupStories(stored);
    expect(entries).toHaveLength(2);
    expect(entries.find((entry) => entry.id === 'x1')?.alsoIn.map((other) => other.sourceId)).toEqual(['eastrussia']);
  });
});
