/**
 * The quirks of the second half of the real sources, as the recorded fixtures keep them:
 * a bot wall instead of RSS (mid.ru), windows-1251 named only in an XML declaration or a
 * <meta http-equiv> (Interfax, Sakhalin.info), Shift_JIS article pages (JETRO), epoch
 * milliseconds as strings and site-relative links in a JSON list (NHK), WordPress feeds
 * dated in GMT for sites that live at UTC+9/+10, tracking parameters on PrimaMedia links.
 * Each source is fetched through the real client from the recorded-source server, so the
 * charset path is the one production takes.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchResult } from '../../lambdas/http/types.js';
import { detectBotCheck } from '../../lambdas/http/bot-check.js';
import { decodeBody } from '../../lambdas/http/charset.js';
import { createHttpClient, type HttpClientWithClose } from '../../lambdas/http/http-client.js';
import { startRecordedServer, type RecordedServer } from '../../lambdas/local/recorded-server.js';
import { discoverCandidates } from '../../lambdas/sources/discover.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';
import type { SourceEntry } from '../../lambdas/sources/registry-schema.js';

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SITES = path.join(ROOT, 'fixtures/sites');
const GOLDEN = path.join(ROOT, 'fixtures/sources');
/** Discovery anchors year-less dates on the fetch time; the fixtures were recorded in early 2020. */
const RECORDED_AT = new Date('2020-03-01T00:00:00Z');

const MY_SOURCES = ['ria', 'interfax', 'nhk-ru', 'nippon-com-ru', 'eastrussia', 'primamedia', 'sakhalin-info', 'ysia', 'jetro', 'mid-ru', 'amur-info'] as const;

function source(id: string): SourceEntry {
  const [entry] = loadRegistry(path.join(ROOT, 'sources', `${id}.json`));
  if (!entry) throw new Error(`sources/${id}.json holds no entry`);
  return entry;
}

function fixture(host: string, file: string): Buffer {
  return readFileSync(path.join(SITES, host, file));
}

function routeOf(host: string, key: string): { file: string; contentType?: string } {
  const routes = JSON.parse(readFileSync(path.join(SITES, host, '_routes.json'), 'utf8')).routes;
  return routes[key];
}

let server: RecordedServer;
let client: HttpClientWithClose;

beforeAll(async () => {
  server = await startRecordedServer({ root: SITES });
  client = createHttpClient({ route: server.route, allowOrigins: [server.origin], retries: 0, perHostDelayMs: 0 });
});

afterAll(async () => {
  client?.close();
  await server?.close();
});

async function fetchSource(s: SourceEntry): Promise<FetchResult> {
  return client.fetch({ url: s.url, purpose: s.kind === 'json' ? 'json' : 'feed', ...(s.encoding ? { encoding: s.encoding } : {}) });
}

async function discover(id: string) {
  const s = source(id);
  const res = await fetchSource(s);
  if (!res.ok || res.status !== 200) throw new Error(`${id}: fetch failed: ${JSON.stringify(res)}`);
  return { res, ...discoverCandidates(s, res.body, res.url, RECORDED_AT) };
}

describe('the registry entries of these sources', () => {
  it.each(MY_SOURCES)('%s validates and points at a recorded host', (id) => {
    // Prepare
    const s = source(id);
    // Assess
    expect(s.id).toBe(id);
    expect(existsSync(path.join(SITES, new URL(s.url).hostname, '_routes.json'))).toBe(true);
  });
});

describe('each source through the fetcher finds the golden candidates, and every one has its article page', () => {
  it.each(MY_SOURCES.filter((id) => id !== 'mid-ru'))('%s', async (id) => {
    // Prepare
    const golden = JSON.parse(readFileSync(path.join(GOLDEN, `${id}.expected.json`), 'utf8'));
    // Act
    const { candidates, warnings } = await discover(id);
    // Assess
    expect(warnings).toEqual([]);
    expect(candidates.map(({ url, title, publishedAt }) => ({ url, title, publishedAt }))).toEqual(golden.candidates);
    for (const c of candidates) {
      const page = await client.fetch({ url: c.url, purpose: 'page' });
      expect(page.ok && page.status === 200, `${c.url} is not routed`).toBe(true);
      if (page.ok && page.status === 200) expect(page.body).toContain('<h1');
    }
  });
});

describe('mid.ru serves a JavaScript bot check even for its RSS', () => {
  it('the recorded page is recognised as a bot check, not news', () => {
    const body = fixture('mid.ru', 'ru-rss.php.html').toString('utf8');
    expect(detectBotCheck(body)).toMatch(/Data processing/);
  });

  it('fetching the source reports it blocked, which is what its golden file expects', async () => {
    // Act
    const res = await fetchSource(source('mid-ru'));
    // Assess
    const golden = JSON.parse(readFileSync(path.join(GOLDEN, 'mid-ru.expected.json'), 'utf8'));
    expect(golden.blocked).toBe(true);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.kind).toBe('blocked');
      expect(res.reason).toMatch(/bot check/i);
    }
  });
});

describe('old encodings are stored as real bytes and decode', () => {
  it('Interfax RSS names windows-1251 only in its XML declaration', () => {
    const route = routeOf('www.interfax.ru', '/rss.asp');
    const raw = fixture('www.interfax.ru', route.file);
    expect(route.contentType).not.toMatch(/charset/i);
    expect(raw.toString('utf8')).not.toContain('Интерфакс'); // not secretly UTF-8
    const { text, charset } = decodeBody(raw, route.contentType);
    expect(charset).toBe('windows-1251');
    expect(text).toContain('<title>Интерфакс</title>');
    expect(text).toContain('Российско-японская комиссия по рыболовству');
  });

  it('Sakhalin.info article pages come as bare text/html and declare windows-1251 in <meta http-equiv>', () => {
    const route = routeOf('sakhalin.info', '/news/177345');
    expect(route.contentType).toBe('text/html');
    const { text, charset } = decodeBody(fixture('sakhalin.info', route.file), route.contentType);
    expect(charset).toBe('windows-1251');
    expect(text).toContain('Сахалин и Хоккайдо утвердили план обменов на 2020 год');
  });

  it('JETRO article pages are Shift_JIS declared only in <meta http-equiv>', () => {
    const route = routeOf('www.jetro.go.jp', '/biznews/2019/12/6f2a9c1b84d3e507.html');
    const raw = fixture('www.jetro.go.jp', route.file);
    expect(raw.toString('utf8')).not.toContain('ロシア');
    const { text, charset } = decodeBody(raw, route.contentType);
    expect(charset).toBe('shift_jis');
    expect(text).toContain('ロシア極東・シベリア地域ビジネスセミナーを開催（東京）');
    expect(text).toContain('サハリン州');
  });

  it('the fetcher reports the charset it used for each of them', async () => {
    const feed = await fetchSource(source('sakhalin-info'));
    const page = await client.fetch({ url: 'https://www.jetro.go.jp/biznews/2019/11/3b7e0d25a1c94f86.html', purpose: 'page' });
    expect(feed.ok && feed.status === 200 && feed.charset).toBe('windows-1251');
    expect(page.ok && page.status === 200 && page.charset).toBe('shift_jis');
    if (page.ok && page.status === 200) expect(page.body).toContain('ウラジオストクで日本食品フェア');
  });
});

describe('dates and links as each site writes them', () => {
  it('NHK: public_at is epoch milliseconds in a string and page_url is site-relative', async () => {
    const raw = JSON.parse(fixture('www3.nhk.or.jp', 'nhkworld-data-ru-news-all.json').toString('utf8'));
    const first = raw.data[0];
    expect(typeof first.public_at).toBe('string');
    const { candidates } = await discover('nhk-ru');
    const match = candidates.find((c) => c.url.endsWith(first.page_url));
    expect(match?.url).toBe(`https://www3.nhk.or.jp${first.page_url}`);
    expect(match?.publishedAt).toBe(new Date(Number(first.public_at)).toISOString());
    // 18:30 in Tokyo, as the article page prints it, is 09:30 UTC.
    expect(candidates[0]!.publishedAt).toBe('2020-01-27T09:30:00.000Z');
  });

  it('WordPress feeds (ysia, EastRussia) date in GMT: the instant equals the local time on the page', async () => {
    for (const id of ['ysia', 'eastrussia']) {
      const { candidates } = await discover(id);
      for (const c of candidates) {
        const page = await client.fetch({ url: c.url, purpose: 'page' });
        if (!page.ok || page.status !== 200) throw new Error(`${c.url} not served`);
        const local = /<time class="entry-date published" datetime="([^"]+)"/.exec(page.body)?.[1];
        expect(local, c.url).toMatch(/[+-]\d\d:\d\d$/);
        expect(c.publishedAt, c.url).toBe(new Date(local!).toISOString());
      }
    }
  });

  it('JETRO RSS 1.0 items are dated by dc:date in +09:00', async () => {
    const { candidates } = await discover('jetro');
    expect(candidates[0]).toMatchObject({ title: 'ロシア極東・シベリア地域ビジネスセミナーを開催（東京）', publishedAt: '2019-12-12T06:00:00.000Z' });
  });

  it('PrimaMedia links lose their utm_* parameters', async () => {
    const feed = fixture('primamedia.ru', 'export-rss-rubric-economics.xml').toString('utf8');
    expect(feed).toContain('utm_source=rss');
    const { candidates } = await discover('primamedia');
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) expect(c.url).toMatch(/^https:\/\/primamedia\.ru\/news\/\d+\/$/);
  });

  it('Amur.info list: dates read in Blagoveshchensk time; sidebar and ads are not items', async () => {
    const { candidates } = await discover('amur-info');
    expect(candidates.map((c) => c.url)).not.toContain('https://www.amur.info/news/2020/01/31/166180');
    expect(candidates.some((c) => c.url.includes('example-shop'))).toBe(false);
    // "05.02.2020 16:20" at UTC+9
    expect(candidates[0]).toMatchObject({ url: 'https://www.amur.info/news/2020/02/05/166420', publishedAt: '2020-02-05T07:20:00.000Z' });
  });
});

describe('copies of the seed stories for the deduplicator', () => {
  const seedsDir = process.env.RUJP_SEEDS_DIR ?? path.resolve(ROOT, '../shared/seeds');
  const seed = (prefix: string): string | null => {
    if (!existsSync(seedsDir)) return null;
    const f = readdirSync(seedsDir).find((n) => n.startsWith(prefix));
    return f ? readFileSync(path.join(seedsDir, f), 'utf8') : null;
  };

  it('the Amur article carries the text of seed 004 and its attribution to the regional press service', () => {
    const page = fixture('www.amur.info', 'news-2020-02-05-166420.html').toString('utf8');
    expect(page).toContain('пишет пресс-служба правительства Амурской области');
    const text = seed('004_');
    if (text) expect(page).toContain(text.split('\n')[0]!.trim().slice(0, 120));
  });

  it('EastRussia carries a shortened rewrite of seed 002 (Krasnoyarsk in Tokyo)', () => {
    const page = fixture('www.eastrussia.ru', 'krasnoyarskiy-kray-predstavil-v-tokio-investitsionnyy-potentsial.html').toString('utf8');
    const body = /<div class="entry-content">([\s\S]*?)<div class="sharedaddy/.exec(page)![1]!.replace(/<[^>]+>/g, '');
    for (const term of ['Красноярского края', 'Александр', 'Токио', 'Галузин', 'РОТОБО', '86 млн']) expect(body).toContain(term);
    const text = seed('002_');
    if (text) expect(body.length).toBeLessThan(text.length * 0.7);
  });
});
