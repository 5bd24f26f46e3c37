import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lambdas/extract/extract-article.js';

// The five seed articles rebuilt as the pages they came from, noise included; expected.txt is
// the article body alone.
const seedsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/extract/seeds');

/** What scraping left in the seeds; none of it may reach the feed. */
const NOISE = [
  'Welcome, Guest!',
  'lost your password?',
  'previous',
  '19.08.2020 - 20.08.2020',
  'Ministry of economic development',
  'Ещё новости о событии',
  'По теме',
  '23:16 04.12.2017',
  'Гaзeтa Обнинск',
  'Автор: Admin',
  'Администратор',
  'Добавить комментарий',
  'Wordpress Social Share Plugin powered by Ultimatelysocial',
  'Ultimatelysocial',
  'Поделиться',
  'Other news',
  'Print version',
  'Теги:',
  'Подписывайтесь',
  'Самое читаемое',
] as const;

const EXPECTED_META: Record<string, { title: string; lang: string; publishedAt: string | null; dateText: string | null }> = {
  '000-trade-mission-en': {
    title: 'Regions of Russia and Japan continue dialogue despite pandemic',
    lang: 'en',
    publishedAt: '2020-07-22T01:15:00.000Z',
    dateText: null,
  },
  '001-spb-committee-en': {
    title: 'Andrey Khlutkov met with the Supervisory Board of the Japan Center',
    lang: 'en',
    publishedAt: '2019-03-11T12:40:00.000Z',
    dateText: null,
  },
  '002-wordpress-tass-ru': {
    title: 'В Токио представили экономический и инвестиционный потенциал Красноярского края',
    lang: 'ru',
    publishedAt: '2019-09-20T14:32:11.000Z',
    dateText: null,
  },
  '003-kaluga-gov-cp1251': {
    title: 'Калужская область нацелена на расширение сотрудничества с Японией',
    lang: 'ru',
    publishedAt: null,
    dateText: '24.11.2017 18:40',
  },
  '004-amur-news-br': {
    title: 'Амурская область наращивает товарооборот с Японией',
    lang: 'ru',
    publishedAt: '2020-01-28T00:12:00.000Z',
    dateText: null,
  },
};

function decodePage(bytes: Buffer): string {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const charset = head.match(/charset=["']?([\w-]+)/i)?.[1] ?? 'utf-8';
  return iconv.decode(bytes, charset);
}

/** Whitespace is normalised inside paragraphs only; paragraph breaks must match exactly. */
function paragraphs(text: string): string[] {
  return text
    .trim()
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim());
}

describe('extractArticle on the seed pages', () => {
  const pages = readdirSync(seedsDir).sort();

  it('has all five seed pages', () => {
    expect(pages).toHaveLength(5);
  });

  for (const name of pages) {
    describe(name, () => {
      const html = decodePage(readFileSync(path.join(seedsDir, name, 'page.html')));
      const expected = readFileSync(path.join(seedsDir, name, 'expected.txt'), 'utf8');
      const article = extractArticle(html);

      it('extracts exactly the article body, paragraph by paragraph', () => {
        expect(paragraphs(article.text)).toEqual(paragraphs(expected));
      });

      it('leaves out every noise line the scraped seeds carried', () => {
        const leaked = NOISE.filter((noise) => article.text.includes(noise));
        expect(leaked).toEqual([]);
      });

      it('reads title, language and date', () => {
        const want = EXPECTED_META[name]!;
        expect({ title: article.title, lang: article.lang, publishedAt: article.publishedAt, dateText: article.dateText }).toEqual(want);
      });
    });
  }
});
