import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

describe('rujp run with a bad registry', () => {
  const temp = tempDir('rujp-run-');
  afterAll(() => temp.cleanup());

  it('stops before any work, naming the file, the source id and the field at fault', async () => {
    // Prepare
    const registry = path.join(temp.dir, 'sources.json');
    writeFileSync(
      registry,
      JSON.stringify([
        { id: 'tass-ru', name: 'TASS', lang: 'ru', kind: 'rss', url: 'https://tass.ru/rss/v2.xml', tags: { country: 'ru' } },
        { id: 'primorsky', name: 'Primorsky Krai', lang: 'ru', kind: 'html-list', url: 'ftp://primorsky.ru/news/', tags: { country: 'ru' } },
      ]),
    );
    const dataDir = path.join(temp.dir, 'data');
    // Act
    const result = await runCli(['run', '--sources', registry, '--data-dir', dataDir, '--out', path.join(temp.dir, 'out'), '--json']);
    // Assess
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/sources\.json/);
    expect(result.stderr).toMatch(/"primorsky"/);
    expect(result.stderr).toMatch(/url/);
    expect(result.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('stops on a CSS selector cheerio cannot read, before any work', async () => {
    const registry = path.join(temp.dir, 'bad-selector.json');
    writeFileSync(
      registry,
      JSON.stringify({ id: 'tass-ru', name: 'TASS', lang: 'ru', kind: 'rss', url: 'https://tass.ru/rss/v2.xml', article: { body: '.text-block[[' } }),
    );
    const dataDir = path.join(temp.dir, 'data-selector');
    const result = await runCli(['run', '--sources', registry, '--data-dir', dataDir, '--out', path.join(temp.dir, 'out'), '--json']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/bad-selector\.json: source "tass-ru": field "article\.body": is not a CSS selector/);
    expect(result.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses an unknown option with the usage', async () => {
    const result = await runCli(['run', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage: rujp run/);
  });
});
