import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody, detectCharset, isValidUtf8, normaliseCharset, UnknownCharsetError } from '../../lambdas/http/charset.js';
import { HTTP_SITES } from './recorded-fixture.js';

const RU = 'Губернатор Приморского края встретился с делегацией префектуры Тоттори. Стороны обсудили развитие морского сообщения и туризма.';
const JA = '鳥取県と沿海地方は友好交流協定に基づき、経済や観光の分野で交流を進めています。';

const page = (body: string, head = '') => `<!DOCTYPE html><html><head>${head}<title>Новости</title></head><body><p>${body}</p></body></html>`;
const enc = (text: string, charset: string) => iconv.encode(text, charset);

describe('decodeBody', () => {
  const cases = [
    { name: 'HTTP header windows-1251', raw: enc(page(RU), 'windows-1251'), ct: 'text/html; charset=windows-1251', charset: 'windows-1251', has: RU },
    { name: 'quoted header charset', raw: enc(page(RU), 'windows-1251'), ct: 'text/xml; charset="windows-1251"', charset: 'windows-1251', has: RU },
    { name: 'alias cp1251', raw: enc(page(RU), 'windows-1251'), ct: 'text/html; charset=CP1251', charset: 'windows-1251', has: RU },
    { name: 'meta charset koi8-r', raw: enc(page(RU, '<meta charset="KOI8-R">'), 'koi8-r'), ct: 'text/html', charset: 'koi8-r', has: RU },
    { name: 'meta http-equiv windows-1251', raw: enc(page(RU, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'), 'windows-1251'), ct: undefined, charset: 'windows-1251', has: RU },
    { name: 'XML declaration windows-1251', raw: enc(`<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>${RU}</title></channel></rss>`, 'windows-1251'), ct: 'application/rss+xml', charset: 'windows-1251', has: RU },
    { name: 'XML declaration Shift_JIS', raw: enc(`<?xml version="1.0" encoding="Shift_JIS"?><rss><channel><title>${JA}</title></channel></rss>`, 'shift_jis'), ct: 'application/xml', charset: 'shift_jis', has: JA },
    { name: 'meta EUC-JP', raw: enc(page(JA, '<meta charset="EUC-JP">'), 'euc-jp'), ct: 'text/html', charset: 'euc-jp', has: JA },
    { name: 'header lies utf-8, bytes windows-1251', raw: enc(page(RU), 'windows-1251'), ct: 'text/html; charset=utf-8', charset: 'windows-1251', has: RU },
    { name: 'meta lies utf-8, bytes koi8-r', raw: enc(page(RU, '<meta charset="utf-8">'), 'koi8-r'), ct: 'text/html', charset: 'koi8-r', has: RU },
    { name: 'undeclared windows-1251', raw: enc(page(RU), 'windows-1251'), ct: 'text/html', charset: 'windows-1251', has: RU },
    { name: 'undeclared koi8-r', raw: enc(page(RU), 'koi8-r'), ct: 'text/html', charset: 'koi8-r', has: RU },
    { name: 'undeclared shift_jis', raw: enc(page(JA), 'shift_jis'), ct: 'text/html', charset: 'shift_jis', has: JA },
    { name: 'undeclared euc-jp', raw: enc(page(JA), 'euc-jp'), ct: undefined, charset: 'euc-jp', has: JA },
    { name: 'undeclared utf-8', raw: Buffer.from(page(RU + JA)), ct: 'text/html', charset: 'utf-8', has: RU + JA },
    { name: 'BOM beats a header', raw: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page(RU))]), ct: 'text/html; charset=windows-1251', charset: 'utf-8', has: RU },
    { name: 'declared windows-1251 but really utf-8', raw: Buffer.from(page(RU, '<meta charset="windows-1251">')), ct: 'text/html', charset: 'utf-8', has: RU },
    { name: 'unknown header charset falls through to meta', raw: enc(page(RU, '<meta charset="windows-1251">'), 'windows-1251'), ct: 'text/html; charset=x-unknown-9', charset: 'windows-1251', has: RU },
  ] as const;

  it.each(cases)('$name', ({ raw, ct, charset, has }) => {
    const out = decodeBody(raw, ct);
    expect(out.charset).toBe(charset);
    expect(out.text).toContain(has);
    expect(out.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('lets the registry override win over everything', () => {
    const raw = enc(page(RU, '<meta charset="utf-8">'), 'koi8-r');
    expect(decodeBody(raw, 'text/html; charset=windows-1251', 'koi8r')).toMatchObject({ charset: 'koi8-r' });
    expect(decodeBody(raw, 'text/html; charset=windows-1251', 'koi8r').text).toContain(RU);
  });

  it('names an unknown override', () => {
    expect(() => decodeBody(Buffer.from('x'), undefined, 'klingon-8')).toThrow(new UnknownCharsetError('unknown encoding override "klingon-8"'));
  });

  it('decodes a body cut in the middle of a UTF-8 character as UTF-8', () => {
    const full = Buffer.from(page(RU));
    const cut = full.subarray(0, full.indexOf(Buffer.from('Приморского')) + 3);
    expect(decodeBody(cut, 'text/html; charset=utf-8').charset).toBe('utf-8');
  });
});

describe('recorded fixtures keep their real bytes', () => {
  it.each([
    ['charsets.example/cp1251-meta.html', 'windows-1251'],
    ['charsets.example/koi8r-undeclared.html', 'koi8-r'],
    ['charsets.example/sjis-undeclared.html', 'shift_jis'],
    ['charsets.example/sjis-feed.xml', 'shift_jis'],
    ['charsets.example/eucjp-meta.html', 'euc-jp'],
    ['charsets.example/cp1251-header.xml', 'windows-1251'],
    ['www.kommersant.ru/news.xml', 'windows-1251'],
  ])('%s is not UTF-8 on disk and decodes as %s', (file, charset) => {
    const raw = readFileSync(path.join(HTTP_SITES, file));
    expect(isValidUtf8(raw)).toBe(false);
    const routes = JSON.parse(readFileSync(path.join(HTTP_SITES, path.dirname(file), '_routes.json'), 'utf8')).routes as Record<string, { file?: string; contentType?: string }>;
    const route = Object.values(routes).find((r) => r.file === path.basename(file))!;
    const out = decodeBody(raw, route.contentType);
    expect(out.charset).toBe(charset);
    expect(out.text).toMatch(/(Хабаровский|Японские|鳥取県|Сахалин)/);
  });
});

describe('helpers', () => {
  it.each([
    ['UTF8', 'utf-8'],
    ['Windows-1251', 'windows-1251'],
    ['x-sjis', 'shift_jis'],
    ['Shift_JIS', 'shift_jis'],
    ['"koi8-r"', 'koi8-r'],
    ['iso-8859-1', 'windows-1252'],
    ['nonsense', null],
    ['', null],
  ])('normaliseCharset(%j) → %j', (label, out) => {
    expect(normaliseCharset(label)).toBe(out);
  });

  it('detects pure ASCII as utf-8', () => {
    expect(detectCharset(Buffer.from('<rss><channel><title>TASS</title></channel></rss>'))).toBe('utf-8');
  });
});
