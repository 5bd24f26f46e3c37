import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { FeedEntry, PublishedFile } from '../../lambdas/core/types.js';
import type { FeedEntryError } from '../../lambdas/feed/feed-model.js';
import { renderFeedSet } from '../../lambdas/feed/render-feed-set.js';
import { label, loadEntries, NOW, settings } from './fixture-set.js';

// Prepare: one render of the fixture set shared by the read-only assertions.
const entries = loadEntries();
const files = renderFeedSet(entries, settings, { label, now: NOW });
const byPath = new Map(files.map((f) => [f.path, f]));

function file(path: string): PublishedFile {
  const found = byPath.get(path);
  if (!found) throw new Error(`${path} was not rendered; got ${[...byPath.keys()].join(', ')}`);
  return found;
}
const xml = (path: string) => cheerio.load(file(path).body, { xml: true });
const json = (path: string) => JSON.parse(file(path).body) as { feed_url: string; items: { id: string; title: string; content_html: string; tags: string[]; _rujp: { regions: string[]; prefectures: string[]; topics: string[]; also_in: { url: string }[] } }[] };
const facetIds = (kind: 'regions' | 'prefectures' | 'topics') => [...new Set(entries.flatMap((e) => e[kind]))].sort();
const hostile = entries.find((e) => e.title.includes(']]>'))!;
const krasnoyarsk = entries.find((e) => e.regions.includes('krasnoyarsk-krai'))!;

describe('renderFeedSet: the set of files', () => {
  it('writes the main feed in three formats, the OPML and the page', () => {
    for (const path of ['feed.xml', 'atom.xml', 'feed.json', 'feeds.opml', 'index.html']) expect(byPath.has(path)).toBe(true);
  });

  it('writes a filtered feed in three formats for every region, prefecture and topic that occurs', () => {
    for (const kind of ['regions', 'prefectures', 'topics'] as const) {
      for (const id of facetIds(kind)) {
        for (const name of ['feed.xml', 'atom.xml', 'feed.json']) expect(byPath.has(`${kind}/${id}/${name}`), `${kind}/${id}/${name}`).toBe(true);
      }
    }
    const feedCount = 1 + facetIds('regions').length + facetIds('prefectures').length + facetIds('topics').length;
    expect(files).toHaveLength(feedCount * 3 + 2);
  });

  it('gives every file a media type with charset', () => {
    expect(file('feed.xml').contentType).toBe('application/rss+xml; charset=utf-8');
    expect(file('regions/amur-oblast/atom.xml').contentType).toBe('application/atom+xml; charset=utf-8');
    expect(file('topics/tourism/feed.json').contentType).toBe('application/feed+json; charset=utf-8');
    expect(file('feeds.opml').contentType).toBe('text/x-opml; charset=utf-8');
    expect(file('index.html').contentType).toBe('text/html; charset=utf-8');
  });
});

describe('renderFeedSet: determinism', () => {
  it('gives the same bytes for the same entries in any order and any later clock', () => {
    const shuffled = [...entries].reverse();
    const again = renderFeedSet(shuffled, settings, { label, now: new Date('2030-01-01T00:00:00Z') });
    expect(again.map((f) => [f.path, f.body])).toEqual(files.map((f) => [f.path, f.body]));
  });

  it('dates the feed by its newest item, not by the wall clock', () => {
    const $ = xml('feed.xml');
    const newest = Math.max(...entries.flatMap((e) => [Date.parse(e.publishedAt), Date.parse(e.fetchedAt)]));
    expect($('channel > lastBuildDate').text()).toBe(new Date(newest).toUTCString());
    expect(xml('atom.xml')('feed > updated').text()).toBe(new Date(newest).toISOString().replace('.000Z', 'Z'));
  });

  it('sorts newest first and breaks equal dates by id', () => {
    const ids = json('feed.json').items.map((i) => i.id.replace('urn:rujp-feed:item:', ''));
    const expected = [...entries].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? -1 : 1)).map((e) => e.id);
    expect(ids).toEqual(expected);
  });
});

describe('renderFeedSet: RSS 2.0', () => {
  const $ = xml('feed.xml');

  it('carries ttl, lastBuildDate, language and a self link', () => {
    expect($('channel > ttl').text()).toBe('30');
    expect($('channel > language').text()).toBe('ru');
    expect($('channel > atom\\:link[rel="self"]').attr('href')).toBe(`${settings.baseUrl}feed.xml`);
    expect(xml('regions/amur-oblast/feed.xml')('channel > atom\\:link[rel="self"]').attr('href')).toBe(`${settings.baseUrl}regions/amur-oblast/feed.xml`);
  });

  it('gives each item a stable non-permalink guid built from the item id alone', () => {
    const guids = $('item > guid');
    expect(guids).toHaveLength(entries.length);
    guids.each((_, el) => {
      expect($(el).attr('isPermaLink')).toBe('false');
      expect($(el).text()).toMatch(/^urn:rujp-feed:item:[0-9a-f]{32}$/);
    });
    const moved = renderFeedSet(entries, { ...settings, baseUrl: 'https://elsewhere.example.net/' }, { label, now: NOW });
    const movedGuids = cheerio.load(moved.find((f) => f.path === 'feed.xml')!.body, { xml: true })('item > guid').map((_, el) => cheerio.load(el).text()).get();
    expect(movedGuids).toEqual($('item > guid').map((_, el) => $(el).text()).get());
  });

  it('lists each region, prefecture and topic as a category with its label, plus creator and source', () => {
    const item = $('item').filter((_, el) => $(el).children('guid').text().endsWith(krasnoyarsk.id));
    const categories = item.children('category').map((_, el) => [[$(el).attr('domain'), $(el).text()]]).get();
    expect(categories).toEqual([
      [`${settings.baseUrl}regions/`, 'Красноярский край'],
      [`${settings.baseUrl}prefectures/`, 'Tokyo 東京都'],
      [`${settings.baseUrl}topics/`, 'Trade & investment'],
      [`${settings.baseUrl}topics/`, 'Interregional ties'],
    ]);
    expect(item.children('dc\\:creator').text()).toBe('Иван Петров');
    expect(item.children('source').text()).toBe('ТАСС');
    expect(item.children('source').attr('url')).toBe('https://tass.ru/rss/v2.xml');
  });

  it("points <source url> at the source's own feed or list page, never at its homepage", () => {
    const sourceUrls = $('item').map((_, el) => [[$(el).children('guid').text().replace('urn:rujp-feed:item:', ''), $(el).children('source').attr('url') ?? null]]).get() as [string, string | null][];
    const byId = new Map(sourceUrls);
    for (const entry of entries) {
      expect(byId.get(entry.id), entry.sourceId).toBe(entry.sourceFeedUrl ?? null);
      if (entry.sourceFeedUrl) expect(byId.get(entry.id), entry.sourceId).not.toBe(`${new URL(entry.url).origin}/`);
    }
    // A query string keeps its ampersand escaped in the attribute, and reads back whole.
    expect(file('feed.xml').body).toContain('<source url="https://vostokmedia.com/rss/?section=news&amp;lang=ru">');
    const vostok = entries.find((e) => e.sourceId === 'vostokmedia')!;
    expect(byId.get(vostok.id)).toBe('https://vostokmedia.com/rss/?section=news&lang=ru');
    // JSON Feed carries the same URL in its extension object.
    const jsonSource = (JSON.parse(file('feed.json').body) as { items: { id: string; _rujp: { source: { url?: string } } }[] }).items.find((i) => i.id.endsWith(vostok.id))!;
    expect(jsonSource._rujp.source.url).toBe('https://vostokmedia.com/rss/?section=news&lang=ru');
  });

  it('writes no <source> for an item that does not record its feed, or records one that is no web URL; the creator still names it', () => {
    const unknown = entries.find((e) => !e.sourceFeedUrl)!;
    const scripted: FeedEntry = { ...entries[0]!, id: 'feedbeef', sourceFeedUrl: 'javascript:alert(1)' };
    const out = cheerio.load(renderFeedSet([unknown, scripted], settings, { label, now: NOW })[0]!.body, { xml: true });
    expect(out('item > source')).toHaveLength(0);
    const creators = out('item > dc\\:creator').map((_, el) => out(el).text()).get();
    expect(creators.sort()).toEqual([unknown.author ?? unknown.sourceName, entries[0]!.author ?? entries[0]!.sourceName].sort());
  });

  it('lists the other sources of a cluster in the item body', () => {
    const item = $('item').filter((_, el) => $(el).children('guid').text().endsWith(krasnoyarsk.id));
    const body = cheerio.load(item.children('content\\:encoded').text());
    const links = body('li a').map((_, a) => body(a).attr('href')).get();
    expect(links).toEqual(krasnoyarsk.alsoIn.map((a) => a.url));
    expect(body('li').first().text()).toContain('Правительство Красноярского края');
  });
});

describe('renderFeedSet: hostile text', () => {
  const $ = xml('feed.xml');
  const item = $('item').filter((_, el) => $(el).children('guid').text().endsWith(hostile.id));

  it('keeps markup in the text as visible text, never as elements', () => {
    const html = item.children('content\\:encoded').text();
    const body = cheerio.load(html);
    expect(body('script, iframe, img, [onerror]')).toHaveLength(0);
    expect(body.root().text()).toContain('<script>document.cookie</script>');
    expect(body.root().text()).toContain('<img src=x onerror=alert(1)>');
    expect(body.root().text()).toContain('конец ]]> абзаца');
    expect(item.children('title').text()).toBe('Инвесторы из Ниигаты ]]> <script>alert("x")</script> & «Приморье»');
    expect(item.children('dc\\:creator').text()).toBe('Редакция "VM" &amp; партнёры');
  });

  it('drops links whose scheme is not http(s)', () => {
    for (const f of files) expect(f.body, f.path).not.toMatch(/href="javascript:/i);
    const ishikawa = json('prefectures/ishikawa/feed.json').items[0]!;
    expect(ishikawa.content_html).toContain('Should lose its link');
    expect(ishikawa.content_html).not.toContain('<a href="javascript');
  });

  it('leaves out characters XML 1.0 forbids, in every file', () => {
    for (const f of files) {
      expect(f.body, f.path).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      expect(f.body, f.path).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(item.children('description').text()).toBe('Текст с управляющими символами: конец. Неправильная пара:  здесь.');
  });

  it('keeps emoji and mixed scripts intact', () => {
    const hokkaido = json('prefectures/hokkaido/feed.json').items.find((i) => i.title.includes('🇷🇺🤝🇯🇵'));
    expect(hokkaido?.content_html).toContain('Сахалинская область × 北海道 × Hokkaido');
  });
});

describe('renderFeedSet: filtered feeds and OPML', () => {
  it('puts into each filtered feed exactly the items of its facet', () => {
    for (const [kind, field] of [['regions', 'regions'], ['prefectures', 'prefectures'], ['topics', 'topics']] as const) {
      for (const id of facetIds(kind)) {
        const feed = json(`${kind}/${id}/feed.json`);
        const expected = entries.filter((e) => e[field].includes(id)).length;
        expect(feed.items, `${kind}/${id}`).toHaveLength(expected);
        for (const item of feed.items) expect(item._rujp[field]).toContain(id);
        expect(feed.feed_url).toBe(`${settings.baseUrl}${kind}/${id}/feed.json`);
      }
    }
  });

  it('lists every RSS feed in the OPML, grouped, with labels', () => {
    const $ = xml('feeds.opml');
    const listed = $('outline[xmlUrl]').map((_, el) => $(el).attr('xmlUrl')).get().sort();
    const rss = files.filter((f) => f.path.endsWith('feed.xml')).map((f) => `${settings.baseUrl}${f.path}`).sort();
    expect(listed).toEqual(rss);
    expect($('body > outline[text="Japanese prefectures"] > outline[text="Tottori 鳥取県"]').attr('xmlUrl')).toBe(`${settings.baseUrl}prefectures/tottori/feed.xml`);
  });
});

describe('renderFeedSet: bad and empty input', () => {
  it('skips an entry without a usable date, names it, and renders the others', () => {
    const broken: FeedEntry = { ...entries[0]!, id: 'deadbeef', publishedAt: 'вчера' };
    const skipped: FeedEntryError[] = [];
    const out = renderFeedSet([broken, ...entries.slice(1)], settings, { label, now: NOW, onSkip: (e) => skipped.push(e) });
    expect(skipped.map((e) => e.message)).toEqual(['feed entry deadbeef: publishedAt is not a date: "вчера"']);
    expect(JSON.parse(out.find((f) => f.path === 'feed.json')!.body).items).toHaveLength(entries.length - 1);
  });

  it('leaves out facet ids that are not slugs instead of writing odd paths', () => {
    const odd: FeedEntry = { ...entries[0]!, regions: ['../../etc', 'amur-oblast'] };
    const out = renderFeedSet([odd], settings, { label, now: NOW });
    expect(out.map((f) => f.path).filter((p) => p.startsWith('regions/'))).toEqual(['regions/amur-oblast/feed.xml', 'regions/amur-oblast/atom.xml', 'regions/amur-oblast/feed.json']);
  });

  it('renders an empty main feed dated by the clock when there is nothing yet', () => {
    const out = renderFeedSet([], settings, { label, now: NOW });
    expect(out.map((f) => f.path)).toEqual(['feed.xml', 'atom.xml', 'feed.json', 'feeds.opml', 'index.html']);
    expect(cheerio.load(out[0]!.body, { xml: true })('lastBuildDate').text()).toBe(NOW.toUTCString());
  });

  it('caps each feed at maxEntries, the page keeps them all', () => {
    const out = renderFeedSet(entries, { ...settings, maxEntries: 3 }, { label, now: NOW });
    expect(JSON.parse(out.find((f) => f.path === 'feed.json')!.body).items).toHaveLength(3);
    expect(cheerio.load(out.find((f) => f.path === 'index.html')!.body)('#items > li')).toHaveLength(entries.length);
  });
});

describe('renderFeedSet: the page', () => {
  const $ = cheerio.load(file('index.html').body);

  it('lists every item with its source, date and facets, and offers every feed', () => {
    expect($('#items > li')).toHaveLength(entries.length);
    const first = $('#items > li').first();
    expect(first.find('.source').text()).toBe('МИД России');
    expect(first.find('time').attr('datetime')).toBe('2024-02-02T14:30:00Z');
    expect(first.attr('data-region')).toBe('moscow');
    expect(first.find('.tags li').map((_, li) => $(li).text()).get()).toEqual(['Москва', 'Kyoto 京都府', 'Culture and education']);
    const links = new Set($('a[href]').map((_, a) => $(a).attr('href')).get());
    for (const f of files.filter((x) => /(feed\.xml|atom\.xml|feed\.json|\.opml)$/.test(x.path))) expect(links.has(f.path), f.path).toBe(true);
  });

  it('needs no network: no external scripts, styles or images, and a CSP that forbids them', () => {
    expect($('script[src], link[rel="stylesheet"], img, iframe')).toHaveLength(0);
    expect($('meta[http-equiv="Content-Security-Policy"]').attr('content')).toMatch(/default-src 'none'; .*script-src 'sha256-/);
  });

  it("shows each item's language and the side its source speaks for, and nothing for a side not recorded", () => {
    const base = entries[0]!;
    const set: FeedEntry[] = [
      { ...base, id: 'a1', title: 'Japanese side item', lang: 'ja', sourceCountry: 'jp', publishedAt: '2024-02-03T00:00:00Z' },
      { ...base, id: 'a2', title: 'Russian side item', lang: 'ru', sourceCountry: 'ru', publishedAt: '2024-02-02T00:00:00Z' },
      { ...base, id: 'a3', title: 'Older item', lang: 'en', sourceCountry: undefined, publishedAt: '2024-02-01T00:00:00Z' },
    ];
    const page = cheerio.load(renderFeedSet(set, settings, { label, now: NOW }).find((f) => f.path === 'index.html')!.body);
    const meta = page('#items > li').map((_, li) => ({
      side: page(li).attr('data-side'),
      shown: page(li).find('.meta .side').text(),
      lang: page(li).find('.meta .lang').text(),
    })).get();
    expect(meta).toEqual([
      { side: 'jp', shown: 'Japanese side', lang: '日本語' },
      { side: 'ru', shown: 'Russian side', lang: 'Русский' },
      { side: '', shown: '', lang: 'English' },
    ]);
  });

  it('shows hostile titles as text', () => {
    expect($('#items h2').filter((_, h) => $(h).text().includes('<script>alert("x")</script>'))).toHaveLength(1);
    expect($('body script')).toHaveLength(1);
  });
});
