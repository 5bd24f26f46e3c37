import { describe, expect, it } from 'vitest';
import { BadUrlError, canonicalUrl } from '../../lambdas/http/canonical-url.js';

describe('canonicalUrl', () => {
  const cases = [
    { input: 'https://TASS.ru/ekonomika/6910334#comments', out: 'https://tass.ru/ekonomika/6910334' },
    { input: 'https://www.eastrussia.ru/news/x/?utm_source=rss&utm_medium=rss&utm_campaign=x', out: 'https://www.eastrussia.ru/news/x/' },
    { input: 'https://ria.ru/20190920/1558912345.html?from=rss&yclid=123', out: 'https://ria.ru/20190920/1558912345.html' },
    { input: 'https://primorsky.ru/news/?PAGEN_1=2&id=5', out: 'https://primorsky.ru/news/?PAGEN_1=2&id=5' },
    { input: 'https://primorsky.ru/news/?id=5&PAGEN_1=2', out: 'https://primorsky.ru/news/?PAGEN_1=2&id=5' },
    { input: 'https://www.kommersant.ru:443/doc/4098765?', out: 'https://www.kommersant.ru/doc/4098765' },
    { input: 'http://sakhalin.info:80/news/177345', out: 'http://sakhalin.info/news/177345' },
    { input: '  https://tass.com/economy/1175641  ', out: 'https://tass.com/economy/1175641' },
    { input: 'https://www.interfax.ru/russia/686321?fbclid=IwAR0x&page=1', out: 'https://www.interfax.ru/russia/686321?page=1' },
  ] as const;

  it.each(cases)('$input → $out', ({ input, out }) => {
    expect(canonicalUrl(input)).toBe(out);
  });

  it('resolves a relative link against the page it was found on', () => {
    expect(canonicalUrl('/nhkworld/ru/news/20191101_22/?utm_source=x', 'https://www3.nhk.or.jp/nhkworld/ru/news/')).toBe(
      'https://www3.nhk.or.jp/nhkworld/ru/news/20191101_22/',
    );
  });

  it.each([
    ['not a url', 'not a URL: "not a url"'],
    ['javascript:alert(1)', 'not an http(s) URL: javascript://'],
    ['mailto:press@khabkrai.ru', 'not an http(s) URL: mailto://'],
  ])('rejects %j with %j', (input, message) => {
    expect(() => canonicalUrl(input)).toThrow(new BadUrlError(message));
  });
});
