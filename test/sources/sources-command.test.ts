import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      checked: null,
    });
    // An entry checked against a stored copy carries its provenance into the listing.
    expect(rows.find((r) => r.id === 'ved-gov-jp')!.checked).toMatchObject({
      against: ['http://www.ved.gov.ru/eng/general/news/19/27257.html'],
      on: '2026-12-04',
      live: false,
    });
  });

  describe('says how far each entry was checked', () => {
    // Three real sources with recorded pages, given the three kinds of provenance.
    const tass = JSON.parse(readFileSync(path.join(ROOT, 'sources/tass-ru.json'), 'utf8')) as Record<string, unknown>;
    const kommersant = JSON.parse(readFileSync(path.join(ROOT, 'sources/kommersant.json'), 'utf8')) as Record<string, unknown>;
    const ved = JSON.parse(readFileSync(path.join(ROOT, 'sources/ved-gov-jp.json'), 'utf8')) as Record<string, unknown>;
    const file = path.join(tmp, 'provenance.json');
    writeFileSync(
      file,
      JSON.stringify([
        { ...tass, checked: { against: ['https://tass.ru/rss/v2.xml'], on: '2026-11-30', what: 'feed URL', live: true } },
        { ...kommersant, checked: undefined },
        ved,
      ]),
    );

    it('the listing names, per entry, whether and when it was checked, and counts the unchecked', async () => {
      const { code, out } = await run(['--sources', file]);
      expect(code).toBe(0);
      const lines = out.trim().split('\n');
      expect(lines.find((l) => l.startsWith('tass-ru '))).toContain('checked live 2026-11-30');
      expect(lines.find((l) => l.startsWith('kommersant '))).toContain('never checked');
      expect(lines.find((l) => l.startsWith('ved-gov-jp '))).toContain('checked offline 2026-12-04');
      expect(lines.at(-1)).toBe('3 source(s), registry valid; 2 checked against real pages or code, 1 never checked');
    });

    it('--check says of each entry never checked live that it was not, and counts them at the end', async () => {
      const { code, out } = await run(['--sources', file, '--check', '--recorded', SITES]);
      expect(code).toBe(0);
      const blocks = out.split(/^(?=\S)/m);
      const block = (id: string) => blocks.find((b) => b.startsWith(`${id}  `))!;
      expect(block('tass-ru')).toContain('  checked live on 2026-11-30\n');
      expect(block('kommersant')).toContain('  never checked live: built from what is known of the site, no page or code was compared\n');
      expect(block('ved-gov-jp')).toContain('  never checked live: compared on 2026-12-04 only with http://www.ved.gov.ru/eng/general/news/19/27257.html\n');
      expect(out.trim().split('\n').slice(-2)).toEqual([
        '3 of 3 source(s) OK',
        '2 of 3 source(s) never checked live: kommersant, ved-gov-jp',
      ]);
    });

    it('--check --json gives each entry its provenance and a checkedLive flag', async () => {
      const { code, out } = await run(['--sources', file, '--check', '--recorded', SITES, '--json']);
      expect(code).toBe(0);
      const rows = out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; checkedLive: boolean; checked: { on: string } | null; check: { ok: boolean } });
      expect(rows.map((r) => [r.id, r.checkedLive, r.checked?.on ?? null, r.check.ok])).toEqual([
        ['tass-ru', true, '2026-11-30', true],
        ['kommersant', false, null, true],
        ['ved-gov-jp', false, '2026-12-04', true],
      ]);
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
