import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFeedSet } from '../../lambdas/feed/render-feed-set.js';
import {
  checkJsonFeeds,
  checkPageInChromium,
  checkWithFeedparser,
  checkWithNewsboat,
  checkWithRssParser,
  listFeeds,
} from '../support/feed-readers.js';
import { label, loadEntries, NOW, settings, writeFiles } from './fixture-set.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const entries = loadEntries();
let dir: string;
let feedCount: number;

beforeAll(async () => {
  // Prepare: the fixture set published to disk, as the publisher would lay it out.
  dir = await mkdtemp(join(tmpdir(), 'rujp-feeds-'));
  await writeFiles(dir, renderFeedSet(entries, settings, { label, now: NOW }));
  feedCount = (await listFeeds(dir)).json.length;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('feeds read by real readers', () => {
  it('rss-parser reads every RSS and Atom feed with all its items', async () => {
    const report = await checkWithRssParser(dir);
    expect(report.feeds).toHaveLength(feedCount * 2);
    expect(report.feeds.find((f) => f.path === 'feed.xml')?.items).toBe(entries.length);
    expect(report.feeds.find((f) => f.path === 'atom.xml')?.items).toBe(entries.length);
  });

  it('every feed.json passes the JSON Feed 1.1 schema', async () => {
    const report = await checkJsonFeeds(dir);
    expect(report.feeds).toHaveLength(feedCount);
    expect(report.feeds.find((f) => f.path === 'feed.json')?.items).toBe(entries.length);
  });

  it("Python's feedparser reads every XML feed with bozo 0", async () => {
    const report = await checkWithFeedparser(dir);
    expect(report.feeds).toHaveLength(feedCount * 2);
    expect(report.feeds.find((f) => f.path === 'feed.xml')?.ids).toHaveLength(entries.length);
    // <source url> is the source's own feed, as feedparser reads it (query strings unescaped whole).
    const main = report.feeds.find((f) => f.path === 'feed.xml')!;
    const seen = new Map(main.ids.map((id, i) => [id.replace('urn:rujp-feed:item:', ''), main.sources?.[i] ?? null]));
    for (const entry of entries) expect(seen.get(entry.id), entry.sourceId).toBe(entry.sourceFeedUrl ?? null);
  });

  it('newsboat reloads every XML feed from a local URL and lists every item', async () => {
    const report = await checkWithNewsboat(dir);
    expect(report.feeds).toHaveLength(feedCount * 2);
    expect(report.feeds.find((f) => f.path === 'regions/primorsky-krai/atom.xml')?.items).toBe(entries.filter((e) => e.regions.includes('primorsky-krai')).length);
  });

  it('the page renders in headless Chromium, a region filter narrows it, no console errors', async () => {
    const screenshot = join(repoRoot, 'test-artifacts', 'feed-page.png');
    const report = await checkPageInChromium(dir, { screenshot });
    expect(report.items).toBe(entries.length);
    expect(report.region.visible).toBeGreaterThan(0);
    expect(report.region.visible).toBeLessThan(entries.length);
    expect(report.problems).toEqual([]);
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
  });
});

describe('reader checks catch broken feeds', () => {
  it('rss-parser check names the broken file', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'rujp-broken-'));
    try {
      await writeFiles(broken, [
        { path: 'feed.xml', contentType: '', body: '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a & b</title></item></channel></rss>' },
      ]);
      await expect(checkWithRssParser(broken)).rejects.toThrow(/feed\.xml/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('JSON Feed check names the item and field at fault', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'rujp-broken-'));
    try {
      await writeFiles(broken, [{ path: 'feed.json', contentType: '', body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ id: 'a', content_html: '<p>x</p>' }, { title: 'no id' }] }) }]);
      await expect(checkJsonFeeds(broken)).rejects.toThrow(/feed\.json: items\.1\.id/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('a missing reader fails saying how to install it, not a silent pass', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-tools-here');
    try {
      await expect(checkWithNewsboat(dir)).rejects.toThrow(/newsboat is not available \(not found\); `npm run test:setup` installs it \(the Debian package newsboat\)/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('a Chromium that does not start fails the page check, naming the browser and the way to install it', async () => {
    const before = process.env.RUJP_CHROMIUM;
    process.env.RUJP_CHROMIUM = join(dir, 'no-browser-here');
    try {
      await expect(checkPageInChromium(dir, { screenshot: join(dir, 'never.png') })).rejects.toThrow(/RUJP_CHROMIUM \(.*no-browser-here\) is not available .*npm run test:setup/);
    } finally {
      if (before === undefined) delete process.env.RUJP_CHROMIUM;
      else process.env.RUJP_CHROMIUM = before;
    }
  });

  it('feedparser check reports bozo for a control character', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'rujp-broken-'));
    try {
      await writeFiles(broken, [{ path: 'feed.xml', contentType: '', body: '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>x</title><link>https://e.org/</link><description>d</description><item><title>bad \u0001 char</title><guid isPermaLink="false">1</guid></item></channel></rss>\n' }]);
      await expect(checkWithFeedparser(broken)).rejects.toThrow(/feed\.xml: bozo 1/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
