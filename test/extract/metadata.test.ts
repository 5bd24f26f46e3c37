import { describe, expect, it } from 'vitest';
import { parseMetadataDate, findDateText } from '../../lambdas/extract/date-parse.js';
import { extractArticle } from '../../lambdas/extract/extract-article.js';

const PROSE =
  '<p>The governor of Hokkaido met the delegation of Sakhalin region to discuss ferry links, fisheries and tourism between the two islands this summer.</p>' +
  '<p>Both sides agreed to hold the next round of talks in Yuzhno-Sakhalinsk, where a joint working group will present its report on the season.</p>';

function page(head: string, body = `<article>${PROSE}</article>`, htmlAttrs = ''): string {
  return `<!doctype html><html${htmlAttrs}><head>${head}</head><body><nav><a href="/">Home</a></nav>${body}</body></html>`;
}

describe('metadata sources, in order of trust', () => {
  it('takes headline, date, author, image and language from JSON-LD, even inside @graph', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Hokkaido Shimbun' },
        {
          '@type': 'NewsArticle',
          headline: 'Hokkaido and Sakhalin agree on ferry talks',
          datePublished: '2023-06-02T18:30:00+09:00',
          author: [{ '@type': 'Person', name: 'Aiko Tanaka' }, { '@type': 'Person', name: 'Ivan Petrov' }],
          image: { '@type': 'ImageObject', url: '/img/ferry.jpg' },
          inLanguage: 'en-US',
        },
      ],
    };
    const a = extractArticle(page(`<title>Site</title><script type="application/ld+json">${JSON.stringify(ld)}</script>`), {
      url: 'https://news.example.jp/2023/06/02/ferry',
    });
    expect(a.title).toBe('Hokkaido and Sakhalin agree on ferry talks');
    expect(a.publishedAt).toBe('2023-06-02T09:30:00.000Z');
    expect(a.author).toBe('Aiko Tanaka, Ivan Petrov');
    expect(a.image).toBe('https://news.example.jp/img/ferry.jpg');
    expect(a.lang).toBe('en');
  });

  it('survives broken JSON-LD (raw newlines, trailing commas) and falls back to OpenGraph', () => {
    const broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Line\none", }</script>';
    const a = extractArticle(
      page(`${broken}<meta property="og:image" content="https://cdn.example.org/a.jpg"><meta property="article:published_time" content="2021-03-04T05:06:07Z">`),
    );
    expect(a.title).toBe('Line one');
    expect(a.image).toBe('https://cdn.example.org/a.jpg');
    expect(a.publishedAt).toBe('2021-03-04T05:06:07.000Z');
  });

  it('uses OpenGraph and <meta> when there is no JSON-LD', () => {
    const a = extractArticle(
      page(
        '<title>Ferry talks | Sakhalin Today</title><meta property="og:title" content="Ferry talks"><meta name="author" content="Olga Smirnova">' +
          '<meta name="description" content="Talks on the ferry."><meta property="og:url" content="https://sakh.example.ru/news/1"><meta property="og:locale" content="ru_RU">',
      ),
    );
    expect(a.title).toBe('Ferry talks');
    expect(a.author).toBe('Olga Smirnova');
    expect(a.description).toBe('Talks on the ferry.');
    expect(a.canonicalUrl).toBe('https://sakh.example.ru/news/1');
  });

  it('prefers the page heading when the metadata title only adds the site name', () => {
    const a = extractArticle(page('<title>Ferry talks resume - Sakhalin Today</title>', `<article><h1>Ferry talks resume</h1>${PROSE}</article>`));
    expect(a.title).toBe('Ferry talks resume');
    expect(a.text.startsWith('Ferry talks resume')).toBe(false);
  });

  it('reads <time datetime> when the head has no date', () => {
    const a = extractArticle(page('<title>x</title>', `<article><time datetime="2019-09-20T10:00:00+03:00">20 сентября 2019</time>${PROSE}</article>`));
    expect(a.publishedAt).toBe('2019-09-20T07:00:00.000Z');
    expect(a.dateText).toBeNull();
  });

  it('keeps a human-readable date as text when no machine-readable date exists', () => {
    const a = extractArticle(page('<title>x</title>', `<article><div class="news-date">20 сентября 2019 г., 14:30</div>${PROSE}</article>`));
    expect(a.publishedAt).toBeNull();
    expect(a.dateText).toBe('20 сентября 2019 г., 14:30');
  });

  it('detects the language from the script when the page declares none, and overrides a wrong template lang', () => {
    const ru = '<p>Губернатор Сахалинской области встретился с делегацией префектуры Хоккайдо и обсудил паромное сообщение между островами.</p>';
    expect(extractArticle(page('<title>x</title>', `<article>${ru}</article>`)).lang).toBe('ru');
    expect(extractArticle(page('<title>x</title>', `<article>${ru}</article>`, ' lang="en"')).lang).toBe('ru');
    const ja = '<p>北海道知事はサハリン州の代表団と会談し、フェリー航路の再開と観光交流について意見を交わしました。来年度も協議を続けます。</p>';
    expect(extractArticle(page('<title>x</title>', `<article>${ja}</article>`)).lang).toBe('ja');
  });

  it('falls back to the first paragraph for the description', () => {
    const a = extractArticle(page('<title>x</title>'));
    expect(a.description).toMatch(/^The governor of Hokkaido met/);
  });
});

describe('parseMetadataDate', () => {
  const cases = [
    { input: '2019-09-20T14:32:11+00:00', iso: '2019-09-20T14:32:11.000Z', text: null },
    { input: '2019-09-20T14:32:11+0300', iso: '2019-09-20T11:32:11.000Z', text: null },
    { input: '2019-09-20 14:32:11Z', iso: '2019-09-20T14:32:11.000Z', text: null },
    { input: 'Fri, 20 Sep 2019 14:32:11 +0900', iso: '2019-09-20T05:32:11.000Z', text: null },
    { input: '1568989931', iso: '2019-09-20T14:32:11.000Z', text: null },
    // No zone: the pipeline places it in the source's time zone.
    { input: '2019-09-20T14:32', iso: null, text: '2019-09-20T14:32' },
    { input: '2019-09-20', iso: null, text: '2019-09-20' },
    { input: 'вчера', iso: null, text: null },
    { input: '1970-01-01T00:00:00Z', iso: null, text: null },
  ] as const;
  for (const { input, iso, text } of cases) {
    it(`reads ${JSON.stringify(input)}`, () => {
      expect(parseMetadataDate(input)).toEqual({ iso, text });
    });
  }
});

describe('findDateText', () => {
  const cases = [
    { input: 'Опубликовано 20 сентября 2019 года в 14:30, просмотров: 12', out: '20 сентября 2019 года в 14:30' },
    { input: '23:16 04.12.2017 Администрация', out: '23:16 04.12.2017' },
    { input: 'Posted on November 19, 2019 at 3:15 pm', out: 'November 19, 2019 at 3:15 pm' },
    { input: '2019年9月20日 14時30分 更新', out: '2019年9月20日 14時30分' },
    { input: '令和元年9月20日（金）午後3時 掲載', out: '令和元年9月20日（金）午後3時' },
    { input: '２０１９年９月２０日 発表', out: '２０１９年９月２０日' },
    { input: '更新日：R1.9.20 担当：国際課', out: 'R1.9.20' },
    { input: '9月20日(金) 稚内市長がコルサコフ市を訪問', out: '9月20日(金)' },
    { input: 'нет даты', out: null },
  ] as const;
  for (const { input, out } of cases) {
    it(`finds ${JSON.stringify(out)}`, () => expect(findDateText(input)).toBe(out));
  }
});
