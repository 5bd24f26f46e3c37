import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRegistry, RegistryError } from '../../lambdas/sources/load-registry.js';

const good = {
  id: 'tass-ru',
  name: 'ТАСС',
  lang: 'ru',
  kind: 'rss',
  url: 'https://tass.ru/rss/v2.xml',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rujp-registry-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return file;
}

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RegistryError);
    return (err as Error).message;
  }
  throw new Error('expected a RegistryError');
}

describe('loadRegistry', () => {
  it('applies the defaults a minimal entry leaves out', () => {
    const [s] = loadRegistry(write('tass-ru.json', good));
    expect(s).toMatchObject({
      id: 'tass-ru',
      timeZone: 'Europe/Moscow',
      cadenceMinutes: 60,
      maxItems: 30,
      enabled: true,
      plainHttp: false,
      tags: { regions: [], prefectures: [] },
    });
  });

  it('reads every *.json of a folder in name order, and arrays inside a file', () => {
    write('b.json', [{ ...good, id: 'b-one' }, { ...good, id: 'b-two' }]);
    write('a.json', { ...good, id: 'a-one' });
    write('notes.txt', 'not a source');
    expect(loadRegistry(dir).map((s) => s.id)).toEqual(['a-one', 'b-one', 'b-two']);
  });

  const bad = [
    { entry: { ...good, url: 'http://tass.ru/rss/v2.xml' }, field: 'url', says: 'must be an https URL' },
    { entry: { ...good, url: 'tass.ru/rss' }, field: 'url', says: 'absolute http(s) URL' },
    { entry: { ...good, kind: 'rdf' }, field: 'kind', says: '"rss", "atom", "html-list", "json"' },
    { entry: { ...good, lang: 'de' }, field: 'lang', says: 'must be one of' },
    { entry: { ...good, timeZone: 'Moscow' }, field: 'timeZone', says: 'IANA time zone' },
    { entry: { ...good, encoding: 'cp-9999' }, field: 'encoding', says: 'charset' },
    { entry: { ...good, cadenceMinutes: 1 }, field: 'cadenceMinutes', says: 'at least 5' },
    { entry: { ...good, id: 'Tass_RU' }, field: 'id', says: 'kebab-case' },
    { entry: { ...good, name: undefined }, field: 'name', says: 'is required' },
    { entry: { ...good, kind: 'html-list' }, field: 'list', says: 'required for kind "html-list"' },
    { entry: { ...good, kind: 'html-list', list: { item: '' } }, field: 'list.item', says: 'non-empty CSS selector' },
    { entry: { ...good, article: { body: '.text-block[[' } }, field: 'article.body', says: 'not a CSS selector cheerio can use (".text-block[["): Expected name, found [' },
    { entry: { ...good, article: { remove: ['.share', 'div::after'] } }, field: 'article.remove.1', says: 'pseudo-elements' },
    { entry: { ...good, kind: 'html-list', list: { item: 'li:nth-child(first)' } }, field: 'list.item', says: 'n-th formula' },
    { entry: { ...good, kind: 'html-list', list: { item: '.news', date: 'time:lang(ru)' } }, field: 'list.date', says: 'unknown pseudo-class :lang' },
    { entry: { ...good, kind: 'json' }, field: 'fields', says: 'required for kind "json"' },
    { entry: { ...good, kind: 'json', fields: { items: 'data', title: 'title', url: 'page url' } }, field: 'fields.url', says: 'dot path' },
    { entry: { ...good, tags: { regions: ['Primorsky Krai'] } }, field: 'tags.regions.0', says: 'kebab-case' },
    { entry: { ...good, selectors: { item: '.news' } }, field: 'selectors', says: 'unknown field' },
  ];

  it.each(bad)('names the file, the source and the field: $field', ({ entry, field, says }) => {
    const msg = problemOf(() => loadRegistry(write('tass-ru.json', entry)));
    expect(msg).toContain(`tass-ru.json: source "${entry.id}": field "${field}": `);
    expect(msg).toContain(says);
  });

  it('reports every bad entry at once, and keeps counting positions for entries without an id', () => {
    write('one.json', [{ ...good, url: 'ftp://tass.ru/' }, { name: 'no id', lang: 'ru', kind: 'rss', url: 'https://a.ru/' }]);
    const msg = problemOf(() => loadRegistry(dir));
    const lines = msg.split('\n');
    expect(lines[0]).toMatch(/one\.json: source "tass-ru": field "url": /);
    expect(lines[1]).toMatch(/one\.json: source "#2": field "id": is required/);
  });

  it('reads where an entry was checked, and names a malformed check day', () => {
    const checked = { against: ['https://tass.ru/rss/v2.xml'], on: '2026-12-04', what: 'feed URL and item fields' };
    const [s] = loadRegistry(write('tass-ru.json', { ...good, checked }));
    expect(s!.checked).toEqual({ ...checked, live: false });
    write('tass-ru.json', { ...good, checked: { ...checked, on: '2026-02-30' } });
    expect(problemOf(() => loadRegistry(dir))).toMatch(/source "tass-ru": field "checked\.on": is not a real calendar date/);
    write('tass-ru.json', { ...good, checked: { ...checked, against: [] } });
    expect(problemOf(() => loadRegistry(dir))).toMatch(/field "checked\.against": must name at least one/);
  });

  it('rejects a duplicate id, naming the file that had it first', () => {
    write('a.json', good);
    write('b.json', good);
    const msg = problemOf(() => loadRegistry(dir));
    expect(msg).toMatch(/b\.json: source "tass-ru": field "id": duplicate id, already used in .*a\.json/);
  });

  it('reports a file that is not JSON by name', () => {
    write('broken.json', '{ "id": "x", ');
    expect(problemOf(() => loadRegistry(dir))).toMatch(/broken\.json: not valid JSON/);
  });

  it('reports a missing path and an empty registry', () => {
    expect(problemOf(() => loadRegistry(path.join(dir, 'nope')))).toMatch(/nope: no such file or folder/);
    expect(problemOf(() => loadRegistry(dir))).toMatch(/holds no sources/);
  });

  it('loads the repository registry by default, whatever the working directory', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const ids = loadRegistry().map((s) => s.id);
      expect(ids).toContain('tass-ru');
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      process.chdir(cwd);
    }
  });
});
