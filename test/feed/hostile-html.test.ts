/**
 * Hostile HTML from a source, through the one path that carries a source's HTML into the
 * feeds: a feed's content:encoded (and description) when the article page cannot be had.
 * It becomes plain text there, and the renderers escape text and sanitize what they build,
 * so every output must hold the paragraphs and none of the markup, in all three formats and
 * on the page; the sanitizer, the wall behind the escaping, is also fed hostile HTML directly.
 */
import * as cheerio from 'cheerio';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore, ItemStore } from '../../lambdas/core/ports.js';
import type { FeedEntry, Item, PublishedFile } from '../../lambdas/core/types.js';
import { sanitizeItemHtml } from '../../lambdas/feed/entry-html.js';
import { renderFeedSet } from '../../lambdas/feed/render-feed-set.js';
import type { HttpClient } from '../../lambdas/http/types.js';
import { FingerprintCache } from '../../lambdas/pipeline/poll-source.js';
import { processArticle } from '../../lambdas/pipeline/process-article.js';
import { discoverCandidates } from '../../lambdas/sources/discover.js';
import { sourceEntrySchema } from '../../lambdas/sources/registry-schema.js';
import { feedHtmlToText } from '../../lambdas/text/html-text.js';
import { checkJsonFeeds, checkPageInChromium, checkWithFeedparser, checkWithNewsboat, checkWithRssParser } from '../support/feed-readers.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { label, loadEntries, NOW, settings, writeFiles } from './fixture-set.js';

/** What each hostile piece must never leave behind, as markup or as text. */
const HOSTILE_MARKUP = `
<p onclick="steal()">Делегация префектуры Хоккайдо прибыла во Владивосток для переговоров с правительством Приморского края.</p>
<script>alert(document.cookie)</script>
<style>body { display: none }</style>
<iframe src="https://evil.example/frame">кадр</iframe>
<p>Стороны обсудили <a href="javascript:alert(1)" onmouseover="alert(2)">рыболовство</a> и <a href="https://ok.example/news">туризм</a>.</p>
<img src=x onerror="alert(3)"><img src="https://evil.example/pixel.gif" onload="alert(4)">
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">
<svg onload="alert(5)"><circle r="1"/></svg>
<form action="https://evil.example/"><input name="q"><button>Отправить</button></form>
<!-- <script>alert(6)</script> -->
<p style="background:url(javascript:alert(7))">Соглашение о побратимстве подпишут осенью.</p>`;

const PARAGRAPHS = [
  'Делегация префектуры Хоккайдо прибыла во Владивосток для переговоров с правительством Приморского края.',
  'Стороны обсудили рыболовство и туризм.',
  'Соглашение о побратимстве подпишут осенью.',
];

/** Things that must not be found in any rendering of the item, even as text. */
const NEVER = [/alert\(/, /document\.cookie/, /display:\s*none/, /evil\.example/, /steal\(\)/, /javascript:/i, /<script/i, /<iframe/i, /<style/i, /\bon(click|error|load|mouseover)\s*=/i];

const DANGEROUS_ELEMENTS = 'script, style, iframe, object, embed, svg, math, form, input, button, base, meta, link, noscript, frame, frameset';

/** An HTML fragment from a feed is inert: no active elements, no handlers or styles, only absolute web links, and the paragraphs. */
function expectInert(html: string, where: string, paragraphs: readonly string[] = PARAGRAPHS): void {
  const $ = cheerio.load(html);
  expect($(DANGEROUS_ELEMENTS).length, `${where}: active elements`).toBe(0);
  $('*').each((_, el) => {
    for (const name of Object.keys((el as unknown as { attribs: Record<string, string> }).attribs)) {
      expect(name, `${where}: attribute on <${(el as unknown as { name: string }).name}>`).not.toMatch(/^(on|style$|srcdoc$|formaction$)/i);
    }
  });
  $('[href]').each((_, el) => expect($(el).attr('href'), `${where}: href`).toMatch(/^https?:\/\//));
  $('[src]').each((_, el) => expect($(el).attr('src'), `${where}: src`).toMatch(/^https:\/\//));
  const text = $.root().text().replace(/\s+/g, ' ');
  for (const paragraph of paragraphs) expect(text, `${where}: paragraph text`).toContain(paragraph);
  for (const pattern of NEVER) expect(text, `${where}: text`).not.toMatch(pattern);
}

const quiet = { info() {}, warn() {} };
const source = sourceEntrySchema.parse({ id: 'hostile-ru', name: 'Hostile News', lang: 'ru', kind: 'rss', url: 'https://hostile.example/rss.xml', tags: { country: 'ru' } });
const ARTICLE_URL = 'https://hostile.example/news/2024/02/20/hokkaido';

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Hostile News</title><link>https://hostile.example/</link><description>x</description>
<item>
  <title>Хоккайдо и Приморье: &lt;script&gt;alert("title")&lt;/script&gt; &amp; переговоры</title>
  <link>${ARTICLE_URL}</link>
  <pubDate>Tue, 20 Feb 2024 09:00:00 +0300</pubDate>
  <description><![CDATA[<p>${PARAGRAPHS[0]}</p><script>alert(document.cookie)</script><img src=x onerror="alert(3)">]]></description>
  <content:encoded><![CDATA[${HOSTILE_MARKUP}]]></content:encoded>
</item>
</channel></rss>`;

/** The item the pipeline stores from that feed when the article page is gone (404): the feed's own text stands in. */
async function storeFromFeed(): Promise<Item> {
  const [candidate] = discoverCandidates(source, FEED, source.url, NOW).candidates;
  expect(candidate?.contentHtml).toContain('<script>');
  const stored: Item[] = [];
  const items = {
    putItem: async (item: Item) => {
      stored.push(item);
      return 'created' as const;
    },
    fingerprintsInMonths: async () => [],
  } as unknown as ItemStore;
  const http = { fetch: async ({ url }: { url: string }) => ({ ok: false, url, kind: 'http', status: 404, reason: 'HTTP 404' }) } as unknown as HttpClient;
  const archive: BlobStore = { put: async () => {}, get: async () => null };
  const outcome = await processArticle(source, candidate!, { http, items, archive, log: quiet, fingerprints: new FingerprintCache(items), now: NOW });
  expect(outcome.status).toBe('created');
  return stored[0]!;
}

let item: Item;
let alone: Map<string, PublishedFile>;
let dir: string;

beforeAll(async () => {
  item = await storeFromFeed();
  const entry: FeedEntry = { ...item, alsoIn: [] };
  alone = new Map(renderFeedSet([entry], settings, { label, now: NOW }).map((f) => [f.path, f]));
  // With the fixture set around it, so the page has regions to filter by.
  dir = await mkdtemp(join(tmpdir(), 'rujp-hostile-'));
  const all = renderFeedSet([...loadEntries(), entry], settings, { label, now: NOW });
  await writeFiles(dir, all.filter((f) => !f.path.includes('/')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hostile HTML in a source feed, stored', () => {
  it('keeps the paragraphs as text and nothing of the script, style, frame, image or comment', () => {
    expect(item.text.split('\n\n')).toEqual(PARAGRAPHS);
    expect(item.summary).toBe(PARAGRAPHS[0]);
    expect(item.title).toBe('Хоккайдо и Приморье: <script>alert("title")</script> & переговоры');
  });
});

describe('hostile HTML in a source feed, published', () => {
  const body = (path: string) => alone.get(path)!.body;

  it('RSS content:encoded is inert and keeps the paragraphs', () => {
    const $ = cheerio.load(body('feed.xml'), { xml: true });
    expect($('item')).toHaveLength(1);
    expectInert($('item > content\\:encoded').text(), 'RSS content:encoded');
    // The summary: the feed's description, itself hostile, reduced to its text.
    expectInert($('item > description').text(), 'RSS description', PARAGRAPHS.slice(0, 1));
  });

  it('Atom content is inert and keeps the paragraphs', () => {
    const $ = cheerio.load(body('atom.xml'), { xml: true });
    expect($('entry > content').attr('type')).toBe('html');
    expectInert($('entry > content').text(), 'Atom content');
  });

  it('JSON Feed content_html is inert and keeps the paragraphs', () => {
    const [only] = (JSON.parse(body('feed.json')) as { items: { content_html: string; summary: string; title: string }[] }).items;
    expectInert(only!.content_html, 'JSON content_html');
    expect(only!.summary).toBe(PARAGRAPHS[0]);
  });

  it('the markup spelt out in the title stays text in every format and on the page', () => {
    const title = 'Хоккайдо и Приморье: <script>alert("title")</script> & переговоры';
    expect(cheerio.load(body('feed.xml'), { xml: true })('item > title').text()).toBe(title);
    expect(cheerio.load(body('atom.xml'), { xml: true })('entry > title').text()).toBe(title);
    expect((JSON.parse(body('feed.json')) as { items: { title: string }[] }).items[0]!.title).toBe(title);
    const page = cheerio.load(body('index.html'));
    expect(page('#items h2').text()).toBe(title);
    expect(page('script')).toHaveLength(1); // the page's own filter script, allowed by hash
    expect(page('#items *').filter((_, el) => /^(script|style|iframe|img|object|embed)$/.test((el as unknown as { name: string }).name))).toHaveLength(0);
  });

  it('no file of the set holds the hostile markup or hosts, raw or escaped', () => {
    for (const [path, file] of alone) {
      const decoded = cheerio.load(file.body).root().text();
      for (const pattern of [/evil\.example/, /alert\(\d/, /document\.cookie/, /javascript:/i, /steal\(\)/]) {
        expect(file.body, path).not.toMatch(pattern);
        expect(decoded, `${path} (decoded)`).not.toMatch(pattern);
      }
    }
  });
});

describe('hostile HTML in a source feed: the files stay well-formed for real readers', () => {
  it('rss-parser and the JSON Feed schema read them', async () => {
    await checkWithRssParser(dir);
    await checkJsonFeeds(dir);
  });

  it('feedparser (bozo 0) and newsboat read them', async () => {
    const parsed = await checkWithFeedparser(dir);
    expect(parsed.feeds.find((f) => f.path === 'feed.xml')?.ids).toContain(`urn:rujp-feed:item:${item.id}`);
    await checkWithNewsboat(dir);
  });

  it('the page opens in Chromium with no console error and no request leaving the folder', async () => {
    const report = await checkPageInChromium(dir, { screenshot: join(REPO_ROOT, 'test-artifacts', 'hostile-page.png') });
    expect(report.problems).toEqual([]);
  });
});

describe('sanitizeItemHtml, the wall behind the escaping', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['script', '<p>Текст.</p><script>alert(1)</script>', /script|alert/],
    ['event handler', '<p onclick="alert(1)">Текст.</p>', /onclick|alert/],
    ['iframe', '<p>Текст.</p><iframe src="https://evil.example/"></iframe>', /iframe|evil/],
    ['javascript: link', '<p><a href="javascript:alert(1)">Текст.</a></p>', /javascript|alert|href/],
    ['javascript: link, mixed case and spaces', '<p><a href="  JaVaScRiPt:alert(1)">Текст.</a></p>', /javascript|alert|href/i],
    ['data: link', '<p><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">Текст.</a></p>', /data:|alert|href/],
    ['relative link, which would resolve against the feed host', '<p><a href="/admin">Текст.</a></p>', /href/],
    ['protocol-relative link', '<p><a href="//evil.example/">Текст.</a></p>', /evil|href/],
    ['image with onerror', '<p>Текст.</p><img src=x onerror="alert(1)">', /img|onerror|alert/],
    ['image over plain http', '<p>Текст.</p><img src="http://evil.example/p.gif">', /img|evil/],
    ['style element and attribute', '<style>p{display:none}</style><p style="color:red">Текст.</p>', /style|display|color/],
    ['svg with onload', '<p>Текст.</p><svg onload="alert(1)"><circle/></svg>', /svg|onload|alert/],
    ['form', '<p>Текст.</p><form action="https://evil.example/"><input name="q"></form>', /form|input|evil/],
    ['base and meta refresh', '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/"><p>Текст.</p>', /base|meta|evil/],
    ['object and embed', '<p>Текст.</p><object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">', /object|embed|evil/],
  ];

  it.each(cases)('drops %s and keeps the text', (_name, html, forbidden) => {
    const clean = sanitizeItemHtml(html);
    expect(clean).not.toMatch(forbidden);
    expect(cheerio.load(clean).root().text()).toContain('Текст.');
  });

  it('keeps what readers may show: paragraphs, web links (marked nofollow), https images', () => {
    const clean = sanitizeItemHtml('<p>Один <a href="https://tass.ru/x" title="ТАСС">ТАСС</a></p><figure><img src="https://tass.ru/a.jpg" alt="фото"><figcaption>Подпись</figcaption></figure>');
    expect(clean).toBe(
      '<p>Один <a href="https://tass.ru/x" title="ТАСС" rel="noopener noreferrer nofollow">ТАСС</a></p><figure><img src="https://tass.ru/a.jpg" alt="фото" /><figcaption>Подпись</figcaption></figure>',
    );
  });
});

describe('feedHtmlToText', () => {
  it('decodes entities, breaks paragraphs at blocks and <br>, and drops comments and odd attributes whole', () => {
    expect(feedHtmlToText('<div>Один &amp; два&nbsp;три</div><p>Четыре<br>пять</p><!-- a > b --><img alt="x>y" src=z>шесть')).toBe('Один & два три\n\nЧетыре\n\nпять\n\nшесть');
  });

  it('keeps nothing inside script, style, template, iframe, svg or noscript', () => {
    expect(feedHtmlToText('<p>A</p><script>x()</script><style>p{}</style><template>t</template><iframe>f</iframe><svg><text>s</text></svg><noscript>n</noscript><p>B</p>')).toBe('A\n\nB');
  });

  it('leaves markup spelt out as entities as text, for the renderers to escape', () => {
    expect(feedHtmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt; a &lt; b</p>')).toBe('<script>alert(1)</script> a < b');
  });
});
