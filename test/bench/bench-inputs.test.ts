/**
 * The inputs the benchmarks measure on: if they drift (list pages counted as articles, a
 * windows-1251 page read as UTF-8, a worker that swallows bad arguments), the figures lie.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadRecordedPages } from '../../bench/lib/recorded-pages.js';
import { median, REPO_ROOT } from '../../bench/lib/node-process.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';

// Prepare: the pages once, shared by the read-only assertions.
const pages = loadRecordedPages();
const registry = loadRegistry();

describe('recorded article pages', () => {
  it('holds the article pages of the recorded sites and none of their list or feed URLs', () => {
    const listUrls = new Set(registry.map((source) => new URL(source.url).href));
    expect(pages.length).toBeGreaterThanOrEqual(40);
    for (const page of pages) expect(listUrls.has(page.url), page.url).toBe(false);
    expect(new Set(pages.map((page) => page.url)).size).toBe(pages.length);
  });

  it('pairs each page with the registry source of its host', () => {
    for (const page of pages) expect(new URL(page.url).host).toBe(new URL(page.source.url).host);
  });

  it('decodes windows-1251 sites as the fetcher does, into Cyrillic without replacement characters', () => {
    const kommersant = pages.filter((page) => page.url.startsWith('https://www.kommersant.ru/'));
    expect(kommersant.length).toBeGreaterThan(0);
    for (const page of kommersant) {
      expect(page.charset).toBe('windows-1251');
      expect(page.html).toMatch(/[а-яё]{4}/);
      expect(page.html).not.toContain('\uFFFD');
    }
  });
});

describe('benchmark workers', () => {
  it('a worker given an unknown mode says which and what it accepts', () => {
    let message = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/lib/feed-render-worker.ts', 'everything', '10'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
    } catch (error) {
      message = String((error as { stdout?: string }).stdout);
    }
    expect(JSON.parse(message.trim())).toEqual({ error: expect.stringMatching(/all\|stringify N \(got everything 10\)/) });
  });

  it('median takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });
});
