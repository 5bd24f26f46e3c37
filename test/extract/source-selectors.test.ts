import { load } from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../lambdas/extract/parse-page.js';
import { attributeOf, SourceSelectors, textContent } from '../../lambdas/extract/source-selectors.js';

const HTML = `<html><head><title>T</title></head><body>
  <div class="news-detail" id="main"><h1 class="news-detail__title">Заголовок</h1>
    <time class="news-detail__date" datetime="2024-05-01T10:00:00+10:00">1 мая</time>
    <div class="text"><p>Первый абзац.</p><p class="share">Поделиться</p><p>Второй <b>абзац</b>.</p>
      <script type="application/ld+json">{"a":1}</script></div>
    <ul class="tags"><li>один</li><li>два</li><li>три</li></ul>
  </div>
  <article itemprop="articleBody"><p>Другая статья</p></article>
  <div class="text">Вне статьи</div>
</body></html>`;

/** What the extractor used to get from cheerio for the same selector. */
function viaCheerio(selector: string): unknown[] {
  const $ = load(parsePage(HTML).doc);
  return $(selector).toArray();
}

const SELECTORS = [
  '.news-detail .text',
  'h1.news-detail__title',
  'article[itemprop="articleBody"]',
  '.news-detail > .text p',
  '.text, h1',
  'time',
  'ul.tags li:first',
  'ul.tags li:eq(1)',
  'li:last-child',
  'div:has(> time)',
  ':scope .tags',
  '> html > body',
  '.absent',
];

describe('source selectors match what cheerio matched', () => {
  for (const selector of SELECTORS) {
    it(selector, () => {
      const doc = parsePage(HTML).doc;
      const ours = new SourceSelectors(doc, undefined).all(selector, 'body');
      const cheerio = viaCheerio(selector);
      expect(ours.map((el) => textContent(el))).toEqual(cheerio.map((el) => textContent(el as never)));
    });
  }

  it('gives the same answer on a second page, where compiled selectors are reused', () => {
    for (const selector of SELECTORS) {
      const first = new SourceSelectors(parsePage(HTML).doc, undefined).all(selector, 'body').length;
      const second = new SourceSelectors(parsePage(HTML).doc, undefined).all(selector, 'body').length;
      expect(second, selector).toBe(first);
    }
  });

  it('removes what a remove selector matches before later selectors run', () => {
    const doc = parsePage(HTML).doc;
    const selectors = new SourceSelectors(doc, undefined);
    selectors.remove('.share');
    selectors.remove('script');
    const body = selectors.first('.news-detail .text', 'body')!;
    expect(textContent(body)).toBe('Первый абзац.Второй абзац.\n      ');
  });

  it('reads attributes and text as cheerio does', () => {
    const doc = parsePage(HTML).doc;
    const time = new SourceSelectors(doc, undefined).first('time', 'date')!;
    const $ = load(parsePage(HTML).doc);
    expect(attributeOf(time, 'datetime')).toBe($('time').attr('datetime'));
    expect(attributeOf(time, 'content')).toBe($('time').attr('content'));
    const text = new SourceSelectors(doc, undefined).first('.news-detail .text', 'body')!;
    expect(textContent(text)).toBe($('.news-detail .text').first().text());
  });
});
