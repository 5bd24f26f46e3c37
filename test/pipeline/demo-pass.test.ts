import * as cheerio from 'cheerio';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, type CliResult } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';
import { sourceFeedUrlOf } from '../../lambdas/pipeline/process-article.js';
import {
  checkJsonFeeds,
  checkPageInChromium,
  checkWithFeedparser,
  checkWithNewsboat,
  checkWithRssParser,
} from '../support/feed-readers.js';

/** A phrase of each seed's body, and the Russian regions the seed must be tagged with. */
const SEEDS = [
  { seed: '000', phrase: 'Pyotr Pavlenko', regions: ['altai-krai', 'moscow', 'yaroslavl-oblast', 'rostov-oblast'] },
  { seed: '001', phrase: 'Japanese Center for the development of trade and economic relations', regions: ['saint-petersburg'] },
  { seed: '002', phrase: 'Годовой объем торговли между Красноярским краем и Японией', regions: ['krasnoyarsk-krai'] },
  { seed: '003', phrase: 'Фрейт Вилладж Ворсино', regions: ['kaluga-oblast'] },
  { seed: '004', phrase: 'Екатерина Киреева', regions: ['amur-oblast'] },
] as const;

/** Lines the seeds' scrapers kept around the articles; none may reach a feed. */
const NOISE = [
  'Welcome, Guest',
  'lost your password',
  'Добавить комментарий',
  'Ещё новости о событии',
  'Wordpress Social Share Plugin',
  'Ultimatelysocial',
  '← previous',
];

interface JsonFeedItem {
  id: string;
  title: string;
  url: string;
  content_html?: string;
  content_text?: string;
  tags?: string[];
  _rujp?: { regions?: string[]; source?: { id: string; url?: string } };
  [key: string]: unknown;
}

describe('rujp demo --no-serve on a fresh data dir (issue 2 acceptance)', () => {
  const temp = tempDir('rujp-demo-');
  const dataDir = path.join(temp.dir, 'data');
  const outDir = path.join(temp.dir, 'public');
  let first: CliResult;
  let second: CliResult;
  let feed: { items: JsonFeedItem[] };
  let rss: string;

  beforeAll(async () => {
    first = await runCli(['demo', '--no-serve', '--json', '--data-dir', dataDir, '--out', outDir]);
    feed = JSON.parse(readFileSync(path.join(outDir, 'feed.json'), 'utf8'));
    rss = readFileSync(path.join(outDir, 'feed.xml'), 'utf8');
    second = await runCli(['demo', '--no-serve', '--json', '--data-dir', dataDir, '--out', outDir]);
  });

  afterAll(() => temp.cleanup());

  it('runs and ends with the JSON summary the CLI contract gives', () => {
    expect(first.code, first.stderr).toBe(0);
    const summary = lastJsonLine(first.stdout);
    expect(summary).toMatchObject({
      sources: { ok: expect.any(Number), notModified: expect.any(Number), failed: expect.any(Array) },
      items: { new: expect.any(Number), relevant: expect.any(Number), duplicate: expect.any(Number) },
      calls: { http: expect.any(Number), s3Put: expect.any(Number), s3Get: expect.any(Number), dynamo: expect.any(Number) },
    });
    expect(summary.items.new).toBeGreaterThanOrEqual(25);
    // Seed 002 arrives from three sources: one entry, the two later copies counted as reprints.
    expect(summary.items.duplicate).toBeGreaterThanOrEqual(2);
    expect(summary.sources.ok).toBeGreaterThanOrEqual(3);
    // The recorded mid.ru answers with its bot wall: reported by name, never parsed as news.
    expect(summary.sources.failed).toContainEqual({ id: 'mid-ru', reason: expect.stringMatching(/blocked/) });
    expect(first.stderr).toMatch(/mid-ru\s+failed \(blocked\)/);
  });

  it('writes RSS and JSON Feed with all five seed articles, tagged with their regions', () => {
    expect(existsSync(path.join(outDir, 'feed.xml'))).toBe(true);
    for (const { seed, phrase, regions } of SEEDS) {
      const item = feed.items.find((entry) => JSON.stringify(entry).includes(phrase));
      expect(item, `seed ${seed} ("${phrase}") missing from feed.json`).toBeDefined();
      expect(rss, `seed ${seed} missing from feed.xml`).toContain(item!.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').slice(0, 40));
      for (const region of regions) {
        const regionFeed = path.join(outDir, 'regions', region, 'feed.json');
        expect(existsSync(regionFeed), `no feed for region ${region} (seed ${seed})`).toBe(true);
        const ids = (JSON.parse(readFileSync(regionFeed, 'utf8')) as { items: JsonFeedItem[] }).items.map((entry) => entry.id);
        expect(ids, `seed ${seed} not in the ${region} feed`).toContain(item!.id);
      }
    }
  });

  it("puts a prefecture's own relevant items into its prefecture feed even when the text never names the prefecture", () => {
    // Niigata prefecture's page says "知事" and "県産米": whose governor is plain only from who publishes it.
    const url = 'https://www.pref.niigata.lg.jp/sec/kokusai/khabarovsk2020.html';
    const item = feed.items.find((entry) => entry.url === url);
    expect(item, `${url} missing from feed.json`).toBeDefined();
    expect(`${item!.title} ${item!.content_html ?? ''}`).not.toMatch(/新潟/);
    const prefectureFeed = JSON.parse(readFileSync(path.join(outDir, 'prefectures', 'niigata', 'feed.json'), 'utf8')) as { items: JsonFeedItem[] };
    expect(prefectureFeed.items.map((entry) => entry.url)).toContain(url);
    // Its local news, not about Russia, stays out of that feed all the same.
    expect(prefectureFeed.items.map((entry) => entry.url)).not.toContain('https://www.pref.niigata.lg.jp/sec/kokusai/heilongjiang-2020.html');
  });

  it("shows on the page each item's language and the side its source speaks for", () => {
    const $ = cheerio.load(readFileSync(path.join(outDir, 'index.html'), 'utf8'));
    const row = (url: string) => $('#items > li').filter((_, li) => $(li).find('h2 a').attr('href') === url);
    const japanese = row('https://www.pref.niigata.lg.jp/sec/kokusai/khabarovsk2020.html');
    expect(japanese.attr('data-side')).toBe('jp');
    expect(japanese.find('.meta .side').text()).toBe('Japanese side');
    expect(japanese.find('.meta .lang').text()).toBe('日本語');
    const russianUrl = feed.items.find((entry) => entry.url.startsWith('https://tass.ru/'))?.url;
    expect(russianUrl, 'no tass.ru item in the demo feed').toBeDefined();
    const russian = row(russianUrl!);
    expect(russian.find('.meta .side').text()).toBe('Russian side');
    expect(russian.find('.meta .lang').text()).toBe('Русский');
  });

  it('keeps unrelated items out: no Russia–China, Russia–Korea or Russia–Mongolia story is in the feed', () => {
    const thirdCountry = /Китай|Китая|КНР|Харбин|Корея|Кореи|Монголи|China|Chinese|Korea|Mongolia/;
    const offenders = feed.items.filter((item) => thirdCountry.test(item.title) && !/Япон|Japan/.test(item.title));
    expect(offenders.map((item) => item.title)).toEqual([]);
    const summary = lastJsonLine(first.stdout);
    // Most recorded items are not about Russia–Japan; the feed carries only the relevant ones.
    expect(summary.items.relevant).toBeLessThan(summary.items.new / 2);
  });

  it('never lets page noise into a feed', () => {
    const all = readFileSync(path.join(outDir, 'feed.json'), 'utf8') + rss;
    for (const line of NOISE) expect(all).not.toContain(line);
  });

  it("names each item's source by the registry's feed or list URL in RSS <source url>, not the site's homepage", () => {
    const registry = new Map(loadRegistry().map((source) => [source.id, source]));
    const sourceOf = new Map(feed.items.map((item) => [item.id, item._rujp!.source!.id]));
    const $ = cheerio.load(rss, { xml: true });
    const kinds = new Set<string>();
    $('item').each((_, el) => {
      const source = registry.get(sourceOf.get($(el).children('guid').text())!)!;
      kinds.add(source.kind);
      expect($(el).children('source').attr('url'), source.id).toBe(sourceFeedUrlOf(source));
      if (source.kind !== 'json') expect($(el).children('source').attr('url'), source.id).toBe(source.url);
      expect($(el).children('source').text(), source.id).toBe(source.name);
    });
    // Feeds, list pages and the JSON source all reach the main feed in the recorded snapshot.
    expect([...kinds]).toEqual(expect.arrayContaining(['html-list', 'rss', 'json']));
  });

  it('names a JSON source by its homepage when the registry gives one: an API endpoint is no page for readers', () => {
    const json = loadRegistry().filter((source) => source.kind === 'json');
    expect(json.length).toBeGreaterThan(0);
    for (const source of json) expect(sourceFeedUrlOf(source), source.id).toBe(source.homepage ?? source.url);
    for (const source of loadRegistry().filter((s) => s.kind !== 'json')) expect(sourceFeedUrlOf(source), source.id).toBe(source.url);
  });

  it('every feed the demo writes opens cleanly in rss-parser, feedparser and newsboat, and JSON Feed passes the 1.1 schema', async () => {
    const mainCount = feed.items.length;
    const parsed = await checkWithRssParser(outDir);
    expect(parsed.feeds.find((reading) => reading.path === 'feed.xml')?.items).toBe(mainCount);
    expect((await checkJsonFeeds(outDir)).feeds.length).toBeGreaterThan(5);
    const read = (await checkWithFeedparser(outDir)).feeds.find((reading) => reading.path === 'feed.xml');
    expect(read?.items).toBe(mainCount);
    // feedparser reads the same <source url> the registry gives for each item's source.
    const registry = new Map(loadRegistry().map((source) => [source.id, sourceFeedUrlOf(source)]));
    expect(read?.sources).toEqual(feed.items.map((item) => registry.get(item._rujp!.source!.id)));
    expect((await checkWithNewsboat(outDir)).feeds.find((reading) => reading.path === 'feed.xml')?.items).toBe(mainCount);
  });

  it('the page of the demo renders in Chromium and its region filter narrows the list', async () => {
    const page = await checkPageInChromium(outDir, { screenshot: path.join('test-artifacts', 'demo-page.png') });
    expect(page.problems).toEqual([]);
    expect(page.items).toBe(feed.items.length);
    expect(page.region.visible).toBeGreaterThan(0);
    expect(page.region.visible).toBeLessThan(page.items);
  });

  it('a second run finds nothing new, stores nothing twice and writes nothing to S3', () => {
    expect(second.code, second.stderr).toBe(0);
    const summary = lastJsonLine(second.stdout);
    expect(summary.items).toMatchObject({ new: 0, relevant: 0, duplicate: 0 });
    expect(summary.calls.s3Put).toBe(0);
    const sources = summary.sources.ok + summary.sources.notModified + summary.sources.failed.length;
    // Every DynamoDB call of the pass, the publisher's and the blocked source's included.
    expect(summary.sources.failed.map((failure: { id: string }) => failure.id)).toEqual(['mid-ru']);
    expect(summary.calls.dynamo).toBeLessThanOrEqual(2 * sources);
    const again = JSON.parse(readFileSync(path.join(outDir, 'feed.json'), 'utf8')) as { items: JsonFeedItem[] };
    expect(again.items.map((item) => item.id)).toEqual(feed.items.map((item) => item.id));
  });
});
