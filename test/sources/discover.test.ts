import { describe, expect, it } from 'vitest';
import { discoverCandidates, DiscoveryError } from '../../lambdas/sources/discover.js';
import { sourceEntrySchema, type SourceEntryInput } from '../../lambdas/sources/registry-schema.js';

const now = new Date('2019-09-25T12:00:00Z');

function source(over: Partial<SourceEntryInput>) {
  return sourceEntrySchema.parse({ id: 'test-source', name: 'Test', lang: 'ru', kind: 'rss', url: 'https://news.example.ru/rss.xml', ...over });
}

const RSS2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Новости региона</title><link>https://news.example.ru/</link><description>Лента</description>
  <item>
    <title>Делегация Хоккайдо посетит Сахалин</title>
    <link>https://news.example.ru/news/101/?utm_source=rss&amp;utm_medium=feed#comments</link>
    <pubDate>Wed, 18 Sep 2019 07:40:19 +0300</pubDate>
    <description>&lt;p&gt;Японские специалисты покажут &lt;b&gt;технологии&lt;/b&gt;&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Полный текст новости.</p>]]></content:encoded>
  </item>
  <item>
    <title>  Губернатор   Приамурья
      обсудил канатную дорогу </title>
    <link>/news/102/</link>
    <pubDate>Thu, 19 Sep 2019 09:14:27</pubDate>
  </item>
  <item>
    <title>Ссылка на почту</title>
    <link>mailto:press@example.ru</link>
    <pubDate>Thu, 19 Sep 2019 10:00:00 +0300</pubDate>
  </item>
  <item>
    <title>Без даты</title>
    <link>https://news.example.ru/news/103/</link>
    <pubDate>скоро</pubDate>
  </item>
  <item>
    <title>Ссылка через guid</title>
    <guid isPermaLink="true">https://news.example.ru/news/104/</guid>
    <dc:date>2019-09-20T10:00:00+03:00</dc:date>
  </item>
</channel>
</rss>`;

describe('discoverCandidates: RSS', () => {
  const { candidates, warnings } = discoverCandidates(source({}), RSS2, 'https://news.example.ru/rss.xml', now);

  it('sorts newest first, drops tracking parameters and fragments, resolves relative links', () => {
    expect(candidates.map((c) => c.url)).toEqual([
      'https://news.example.ru/news/104/',
      'https://news.example.ru/news/102/',
      'https://news.example.ru/news/101/',
      'https://news.example.ru/news/103/',
    ]);
  });

  it('reads zone-less feed dates in the source zone and stores them as UTC', () => {
    expect(candidates[1]).toMatchObject({ title: 'Губернатор Приамурья обсудил канатную дорогу', publishedAt: '2019-09-19T06:14:27.000Z' });
    expect(candidates[2]!.publishedAt).toBe('2019-09-18T04:40:19.000Z');
  });

  it('keeps the teaser as text and the full body given by the feed', () => {
    expect(candidates[2]!.summary).toBe('Японские специалисты покажут технологии');
    expect(candidates[2]!.contentHtml).toBe('<p>Полный текст новости.</p>');
  });

  it('keeps an item with an unreadable date undated, and says so', () => {
    expect(candidates[3]).toEqual({ url: 'https://news.example.ru/news/103/', title: 'Без даты' });
    expect(warnings).toContain('source "test-source": entry #4 ("Без даты"): date "скоро" unreadable');
  });

  it('drops a link that is not http(s) with a warning naming the entry', () => {
    expect(warnings.some((w) => w.startsWith('source "test-source": entry #3 ("Ссылка на почту"): link "mailto:press@example.ru" skipped'))).toBe(true);
  });

  it('keeps only the newest maxItems', () => {
    const { candidates: two } = discoverCandidates(source({ maxItems: 2 }), RSS2, 'https://news.example.ru/rss.xml', now);
    expect(two.map((c) => c.url)).toEqual(['https://news.example.ru/news/104/', 'https://news.example.ru/news/102/']);
  });
});

describe('discoverCandidates: broken feeds fail the source with its name', () => {
  const s = source({});
  it.each([
    ['truncated XML', RSS2.slice(0, 700), /source "test-source": the feed is not well-formed XML/],
    ['an HTML page', '<!DOCTYPE html><html><body><h1>Data processing... Please, wait.</h1></body></html>', /source "test-source": the response is an HTML page/],
    ['not XML at all', 'Service Temporarily Unavailable', /source "test-source": the response is not XML/],
    ['another XML document', '<?xml version="1.0"?><urlset><url><loc>https://x.ru/</loc></url></urlset>', /root is <urlset>/],
  ])('%s', (_name, body, message) => {
    expect(() => discoverCandidates(s, body, s.url, now)).toThrow(DiscoveryError);
    expect(() => discoverCandidates(s, body, s.url, now)).toThrow(message);
  });
});

describe('discoverCandidates: Atom and RSS 1.0', () => {
  it('reads Atom entries, their alternate link and published date, and survives one bad date', () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">
  <title>JETRO</title><updated>2019-09-20T10:00:00+09:00</updated><id>tag:jetro</id>
  <entry><title>ロシア極東と北海道の経済交流</title><link rel="alternate" href="https://www.jetro.go.jp/biznews/2019/09/abc.html"/><id>a</id>
    <published>2019-09-20T10:00:00+09:00</published><updated>2019-09-21T10:00:00+09:00</updated><summary>概要</summary></entry>
  <entry><title>日韓関係</title><link href="/biznews/2019/09/def.html"/><id>b</id><published>not a date</published></entry>
</feed>`;
    const s = source({ kind: 'atom', lang: 'ja', timeZone: 'Asia/Tokyo', url: 'https://www.jetro.go.jp/rss/biznews.xml' });
    const { candidates, warnings } = discoverCandidates(s, atom, s.url, now);
    expect(candidates).toEqual([
      { url: 'https://www.jetro.go.jp/biznews/2019/09/abc.html', title: 'ロシア極東と北海道の経済交流', publishedAt: '2019-09-20T01:00:00.000Z', summary: '概要' },
      { url: 'https://www.jetro.go.jp/biznews/2019/09/def.html', title: '日韓関係' },
    ]);
    expect(warnings).toEqual(['source "test-source": entry #2 ("日韓関係"): date "not a date" unreadable']);
  });

  it('reads RSS 1.0 (RDF) with dc:date', () => {
    const rdf = `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.jp/"><title>県政ニュース</title><link>https://example.jp/</link></channel>
  <item rdf:about="https://example.jp/news/1.html"><title>鳥取県とロシア沿海地方</title><link>https://example.jp/news/1.html</link><dc:date>2019-09-20T15:00:00+09:00</dc:date></item>
</rdf:RDF>`;
    const s = source({ lang: 'ja', timeZone: 'Asia/Tokyo' });
    expect(discoverCandidates(s, rdf, s.url, now).candidates).toEqual([
      { url: 'https://example.jp/news/1.html', title: '鳥取県とロシア沿海地方', publishedAt: '2019-09-20T06:00:00.000Z' },
    ]);
  });
});

const LIST_PAGE = `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новости</title><base href="https://primorsky.ru/news/"></head>
<body>
<ul class="menu"><li><a href="/authorities/">Органы власти</a></li><li><a href="/news/">Новости</a></li></ul>
<div class="news-list">
  <div class="news-item">
    <a class="news-item__img" href="182345/"><img src="/i.jpg" alt=""></a>
    <div class="news-item__date">12 ноября 2019 15:20</div>
    <a class="news-item__title" href="182345/?utm_campaign=list">Приморье и префектура Тоттори обсудили программу обменов</a>
    <div class="news-item__text">В Год межрегиональных обменов…</div>
  </div>
  <div class="news-item">
    <div class="news-item__date"><time datetime="2017-06-27T09:30:00+10:00">27 июня 2017</time></div>
    <a class="news-item__title" href="/news/131102/">Японские инвесторы осмотрели площадку</a>
  </div>
  <div class="news-item">
    <div class="news-item__date">вчера, 09:00</div>
    <a class="news-item__title" href="javascript:void(0)">Сломанная ссылка</a>
  </div>
  <div class="news-item"><div class="news-item__date">вчера, 10:00</div><span class="news-item__title">Без ссылки</span></div>
</div>
<div class="sidebar"><a href="/news/999/">Популярное</a></div>
</body></html>`;

describe('discoverCandidates: HTML list', () => {
  const s = source({
    kind: 'html-list',
    url: 'https://primorsky.ru/news/',
    timeZone: 'Asia/Vladivostok',
    list: { item: '.news-list .news-item', link: 'a.news-item__title', date: '.news-item__date', summary: '.news-item__text' },
  });

  it('finds the entries by the source selectors, not the menus around them', () => {
    const { candidates, warnings } = discoverCandidates(s, LIST_PAGE, 'https://primorsky.ru/news/?page=1', now);
    expect(candidates).toEqual([
      {
        url: 'https://primorsky.ru/news/182345/',
        title: 'Приморье и префектура Тоттори обсудили программу обменов',
        publishedAt: '2019-11-12T05:20:00.000Z',
        summary: 'В Год межрегиональных обменов…',
      },
      { url: 'https://primorsky.ru/news/131102/', title: 'Японские инвесторы осмотрели площадку', publishedAt: '2017-06-26T23:30:00.000Z' },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('link "javascript:void(0)" skipped');
    expect(warnings[1]).toBe('source "test-source": entry #4 ("вчера, 10:00 Без ссылки"): no link, skipped');
  });

  it('uses the entry itself or its first link when no link selector is given', () => {
    const page = `<div class="list"><a class="e-news" href="/material/news/a.html"><div class="t">Заголовок А</div><div class="d">23 января 2020 16:45</div></a>
      <div class="e-news"><a href="/material/news/b.html">Заголовок Б</a><div class="d">14 января 2020 10:00</div></div></div>`;
    const s2 = source({ kind: 'html-list', url: 'https://economy.gov.ru/material/news/', list: { item: '.list .e-news', date: '.d' } });
    const { candidates } = discoverCandidates(s2, page, s2.url, now);
    expect(candidates.map((c) => [c.url, c.title, c.publishedAt])).toEqual([
      ['https://economy.gov.ru/material/news/a.html', 'Заголовок А 23 января 2020 16:45', '2020-01-23T13:45:00.000Z'],
      ['https://economy.gov.ru/material/news/b.html', 'Заголовок Б', '2020-01-14T07:00:00.000Z'],
    ]);
  });

  it('warns, without failing, when the item selector matches nothing (the layout changed)', () => {
    const changed = source({ kind: 'html-list', url: 'https://primorsky.ru/news/', list: { item: '.news-grid .card' } });
    const { candidates, warnings } = discoverCandidates(changed, LIST_PAGE, changed.url, now);
    expect(candidates).toEqual([]);
    expect(warnings).toEqual(['source "test-source": list.item selector ".news-grid .card" matched nothing (has the layout changed?)']);
  });
});

describe('discoverCandidates: JSON list', () => {
  const s = source({
    kind: 'json',
    url: 'https://www3.nhk.or.jp/nhkworld/data/ru/news/all.json',
    timeZone: 'Asia/Tokyo',
    fields: { items: 'data', title: 'title', url: 'page_url', date: 'public_at', dateFormat: 'epoch-ms', summary: 'description' },
  });
  const body = JSON.stringify({
    data: [
      { title: 'Хоккайдо и Сахалин', page_url: '/nhkworld/ru/news/20191127_05/', public_at: '1574830800000', description: 'Обмены' },
      { title: 'Япония и Корея', page_url: 'https://www3.nhk.or.jp/nhkworld/ru/news/20191220_15/?cid=wohk-rss', public_at: 1576821600000 },
      { title: 'Без даты', page_url: '/nhkworld/ru/news/x/', public_at: 'завтра' },
    ],
  });

  it('maps the fields, resolves relative URLs and reads epoch milliseconds', () => {
    const { candidates, warnings } = discoverCandidates(s, body, s.url, now);
    expect(candidates).toEqual([
      { url: 'https://www3.nhk.or.jp/nhkworld/ru/news/20191220_15/?cid=wohk-rss', title: 'Япония и Корея', publishedAt: '2019-12-20T06:00:00.000Z' },
      { url: 'https://www3.nhk.or.jp/nhkworld/ru/news/20191127_05/', title: 'Хоккайдо и Сахалин', publishedAt: '2019-11-27T05:00:00.000Z', summary: 'Обмены' },
      { url: 'https://www3.nhk.or.jp/nhkworld/ru/news/x/', title: 'Без даты' },
    ]);
    expect(warnings).toEqual(['source "test-source": entry #3: public_at "завтра" is not an epoch-ms number']);
  });

  it('fails the source with its name when the items path is wrong or the body is not JSON', () => {
    const wrong = source({ ...s, fields: { ...s.fields!, items: 'data.items' } });
    expect(() => discoverCandidates(wrong, body, s.url, now)).toThrow('source "test-source": fields.items "data.items" is not an array');
    expect(() => discoverCandidates(s, '<html>502 Bad Gateway</html>', s.url, now)).toThrow(/source "test-source": the response is not valid JSON/);
  });
});

describe('discoverCandidates: feeds with unescaped ampersands', () => {
  it('reads links whose query strings a CMS printed with a bare "&", as feed readers do', () => {
    const sloppy = RSS2.replace('?utm_source=rss&amp;utm_medium=feed', '?id=101&page=2&utm_medium=feed');
    const { candidates } = discoverCandidates(source({}), sloppy, 'https://news.example.ru/rss.xml', now);
    expect(candidates.map((c) => c.url)).toContain('https://news.example.ru/news/101/?id=101&page=2');
  });

  it('still reports a truncated feed', () => {
    const cut = RSS2.slice(0, RSS2.indexOf('</item>') + 20).replace('&amp;', '&');
    expect(() => discoverCandidates(source({}), cut, 'https://news.example.ru/rss.xml', now)).toThrow(DiscoveryError);
  });
});
