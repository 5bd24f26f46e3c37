import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ExtractError, extractArticle } from '../../lambdas/extract/extract-article.js';

const PARAGRAPH = '<p>Префектура Ниигата и Хабаровский край договорились продолжить обмен студентами и спортивными командами в следующем году.</p>';

describe('bad input gives an empty result or a clear ExtractError, quickly', () => {
  it('returns an empty article for empty and whitespace-only input', () => {
    for (const input of ['', '   \n\t ']) {
      const a = extractArticle(input);
      expect(a.text).toBe('');
      expect(a.title).toBe('');
      expect(a.publishedAt).toBeNull();
    }
  });

  it('extracts what there is from a page truncated mid-tag', () => {
    const full = `<html><head><title>Ниигата</title></head><body><article>${PARAGRAPH.repeat(3)}<p>Обрыв посреди`;
    const a = extractArticle(full + '<a hre');
    expect(a.text).toContain('Префектура Ниигата');
    expect(a.title).toBe('Ниигата');
  });

  it('refuses gzip bytes read as text, saying the input is binary', () => {
    const gz = gzipSync(Buffer.from(`<html><body>${PARAGRAPH.repeat(50)}</body></html>`)).toString('latin1');
    expect(() => extractArticle(gz, { url: 'https://example.org/a.html.gz' })).toThrowError(ExtractError);
    expect(() => extractArticle(gz, { url: 'https://example.org/a.html.gz' })).toThrowError(/binary.*https:\/\/example\.org\/a\.html\.gz/);
  });

  it('refuses a Buffer with a message naming what it got', () => {
    expect(() => extractArticle(Buffer.from('<p>x</p>') as unknown as string)).toThrowError(/decoded HTML text, got object/);
  });

  it('cuts a 50 MB page at maxBytes and still returns the article at its top', () => {
    const head = `<html><head><title>Большая страница</title></head><body><article>${PARAGRAPH.repeat(5)}</article><div class="comments">`;
    const filler = '<div class="comment"><p>Комментарий читателя без особого смысла, повторённый много раз подряд.</p></div>';
    const huge = head + filler.repeat(Math.ceil((50 * 1024 * 1024) / filler.length));
    expect(huge.length).toBeGreaterThan(50 * 1024 * 1024);
    const a = extractArticle(huge, { maxBytes: 256 * 1024 });
    expect(a.text).toContain('Префектура Ниигата');
    expect(a.text).not.toContain('Комментарий читателя');
  });

  it('survives thousands of unclosed nested tags', () => {
    const deep = `<body>${'<div><span>'.repeat(20_000)}${PARAGRAPH}</body>`;
    expect(() => extractArticle(deep)).not.toThrow();
  });

  it('returns no text, not noise, for a page that is all navigation', () => {
    const nav = `<body><ul>${'<li><a href="/x">Раздел сайта</a></li>'.repeat(40)}</ul></body>`;
    expect(extractArticle(nav).text).toBe('');
  });
});
