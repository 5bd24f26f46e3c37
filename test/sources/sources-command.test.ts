import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../lambdas/local/commands/sources.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITES = path.join(ROOT, 'fixtures/sites');
const tmp = mkdtempSync(path.join(tmpdir(), 'rujp-sources-cmd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

describe('rujp sources', () => {
  it('lists the registry as one JSON line per source', async () => {
    const { code, out } = await run(['--json']);
    expect(code).toBe(0);
    const rows = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBeGreaterThanOrEqual(14);
    expect(rows.find((r) => r.id === 'kommersant')).toEqual({
      id: 'kommersant',
      name: 'Коммерсантъ',
      lang: 'ru',
      kind: 'rss',
      url: 'https://www.kommersant.ru/RSS/news.xml',
    });
  });

  it('stops with exit 1 naming the file, source and field of a bad entry', async () => {
    const file = path.join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify([{ id: 'primorsky', name: 'P', lang: 'ru', kind: 'html-list', url: 'https://primorsky.ru/news/' }]));
    const { code, out, err } = await run(['--sources', file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/bad\.json: source "primorsky": field "list": is required for kind "html-list"/);
  });

  it('stops a bad article selector at load, before --check fetches anything, naming file, source and field', async () => {
    const file = path.join(tmp, 'bad-selector.json');
    const tass = { id: 'tass-ru', name: 'ТАСС', lang: 'ru', kind: 'rss', url: 'https://tass.ru/rss/v2.xml' };
    writeFileSync(file, JSON.stringify([{ ...tass, article: { body: '.text-block[[' } }]));
    for (const argv of [['--sources', file], ['--sources', file, '--check', 'tass-ru', '--recorded', SITES]]) {
      const { code, out, err } = await run(argv);
      expect(code, argv.join(' ')).toBe(1);
      expect(out).toBe('');
      expect(err).toMatch(/bad-selector\.json: source "tass-ru": field "article\.body": is not a CSS selector cheerio can use \("\.text-block\[\["\): Expected name, found \[/);
    }
  });

  it('--check shows what the selectors find on a windows-1251 list page and its newest article', async () => {
    const { code, out } = await run(['--check', 'kaluga-bezformata', '--recorded', SITES]);
    expect(code).toBe(0);
    expect(out).toContain('4 item(s), windows-1251');
    expect(out).toContain('2017-12-11T14:05:00.000Z  Губернатор провел координационное совещание');
    expect(out).toMatch(/article\.title: Губернатор провел координационное совещание/);
    expect(out).toMatch(/article\.bodyChars: \d+/);
    expect(out).toContain('1 of 1 source(s) OK');
  });

  it('--check reports a changed layout and a bot wall as failures (exit 1)', async () => {
    const file = path.join(tmp, 'changed.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'khabkrai',
          name: 'Хабаровский край',
          lang: 'ru',
          kind: 'html-list',
          url: 'https://khabkrai.ru/events/news',
          list: { item: '.news-grid .card', link: 'a' },
        },
        { id: 'mid-ru', name: 'МИД', lang: 'ru', kind: 'rss', url: 'https://mid.ru/ru/rss.php' },
      ]),
    );
    const { code, out } = await run(['--sources', file, '--check', '--recorded', SITES, '--json']);
    expect(code).toBe(1);
    const [khab, mid] = out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; check: { ok: boolean; error?: string; warnings: string[] } });
    expect(khab!.check).toMatchObject({ ok: false, error: 'no items found' });
    expect(khab!.check.warnings[0]).toContain('list.item selector ".news-grid .card" matched nothing');
    expect(mid!.check.ok).toBe(false);
    expect(mid!.check.error).toMatch(/^blocked: /);
  });

  it('rejects an unknown source id and options it does not know', async () => {
    await expect(run(['--check', 'no-such-source', '--recorded', SITES])).rejects.toThrow(/no source with id "no-such-source"/);
    await expect(run(['--frobnicate'])).rejects.toThrow(/unknown option "--frobnicate"/);
  });
});
