import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordedServer, type RecordedServer } from '../../lambdas/local/recorded-server.js';
import { DEFAULT_USER_AGENT } from '../../lambdas/http/http-client.js';
import { agentToken, parseRobots, rulesForAgent, ROBOTS_TTL_MS } from '../../lambdas/http/robots-cache.js';
import type { FetchResult, RobotsSnapshot } from '../../lambdas/http/types.js';
import { tempDir } from '../support/temp-dir.js';
import { recordedClient } from './recorded-fixture.js';

const HOUR = 3600_000;
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

describe('the rules kept for our agent', () => {
  const crafted = [
    '\uFEFF# a file that uses most of what robots.txt allows',
    'Sitemap: https://news.example/sitemap.xml',
    'Disallow: /before-any-agent/',
    '',
    'User-agent: Googlebot',
    'User-agent: *',
    'Disallow: /search',
    'Allow: /search/about$',
    'Disallow: /*.pdf$',
    'Disallow: /tmp/ # scratch',
    'Crawl-delay: 3',
    '',
    'User-agent: Yandex',
    'Disallow: /',
    'Clean-param: utm_source /news/',
    'Host: news.example',
    '',
    'user-agent: *',
    'DISALLOW: /архив/',
    'Disallow:',
    '',
    'User-agent: BadBot',
    'Disallow: /',
  ].join('\r\n');
  const ownGroup = `${crafted}\nUser-agent: rujp-feed\nDisallow: /private/\nAllow: /private/open\nCrawl-delay: 1\n`;
  const emptyOwnGroup = `${crafted}\nUser-agent: rujp-feed\nDisallow:\n`;
  const files: [string, string][] = [
    ['tass.ru', readFileSync(path.join(FIXTURES, 'sites/tass.ru/robots.txt'), 'utf8')],
    ['faults.example', readFileSync(path.join(FIXTURES, 'http/sites/faults.example/robots.txt'), 'utf8')],
    ['crafted', crafted],
    ['crafted with our own group', ownGroup],
    ['crafted with an empty group of our own', emptyOwnGroup],
    ['empty', ''],
    ['no groups', 'Sitemap: https://news.example/sitemap.xml\n'],
  ];
  const paths = [
    '/', '/search', '/search/about', '/search/about/more', '/api/v1', '/userinfo', '/report.pdf', '/report.pdf?x=1',
    '/tmp/a', '/private/', '/private/open', '/private/x', '/before-any-agent/', `/${encodeURI('архив')}/1`, '/архив/1',
    '/news/2019/09/20/sakhalin-hokkaido/', '/ekonomika/6910334',
  ];
  const agents = [DEFAULT_USER_AGENT, 'Yandex', 'Googlebot/2.1 (+http://www.google.com/bot.html)', 'regional-watch/2.0 (+https://example.org/bot)'];

  it.each(files)('decide as the whole file does: %s', (_name, text) => {
    const robotsUrl = 'https://news.example/robots.txt';
    for (const agent of agents) {
      const whole = parseRobots(robotsUrl, text, agent);
      const kept = parseRobots(robotsUrl, rulesForAgent(text, agent), agent);
      for (const p of paths) {
        const url = `https://news.example${p}`;
        expect(kept.isAllowed(url), `${agent} ${p}`).toBe(whole.isAllowed(url));
      }
      expect(kept.crawlDelayMs, agent).toBe(whole.crawlDelayMs);
    }
  });

  it('leave out other agents, sitemaps and hosts, so a state row stays small', () => {
    const faults = readFileSync(path.join(FIXTURES, 'http/sites/faults.example/robots.txt'), 'utf8');
    expect(rulesForAgent(faults, DEFAULT_USER_AGENT)).toBe('User-agent: *\nDisallow: /private/\nDisallow: /search/\nCrawl-delay: 2\n');
    expect(rulesForAgent(ownGroup, DEFAULT_USER_AGENT)).toBe('User-agent: rujp-feed\nDisallow: /private/\nAllow: /private/open\nCrawl-delay: 1\n');
    expect(rulesForAgent('Sitemap: https://news.example/sitemap.xml\n', DEFAULT_USER_AGENT)).toBe('');
    expect(agentToken(DEFAULT_USER_AGENT)).toBe('rujp-feed');
  });
});

/**
 * Sites written for these tests: robots.example's robots.txt in three versions (one root
 * each, so a later server serves the changed file), plus hosts whose robots.txt is missing
 * or broken.
 */
function writeSites(root: string, robots: string | { status: number }) {
  const host = path.join(root, 'robots.example');
  mkdirSync(host, { recursive: true });
  writeFileSync(path.join(host, 'page.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body><p>Новости</p></body></html>');
  const routes: Record<string, unknown> = {
    '/news/1': { file: 'page.html', contentType: 'text/html; charset=utf-8' },
    '/private/1': { file: 'page.html', contentType: 'text/html; charset=utf-8' },
  };
  if (typeof robots === 'string') {
    writeFileSync(path.join(host, 'robots.txt'), robots);
    routes['/robots.txt'] = { file: 'robots.txt', contentType: 'text/plain' };
  } else {
    routes['/robots.txt'] = robots;
  }
  writeFileSync(path.join(host, '_routes.json'), JSON.stringify({ routes }));
}

describe('robots.txt remembered between clients', () => {
  const temp = tempDir();
  let v1: RecordedServer;
  let v2: RecordedServer;
  let missing: RecordedServer;
  let broken: RecordedServer;
  /** The server behind robots.example for the next request. */
  let current: RecordedServer;
  let now = Date.parse('2026-03-01T06:00:00Z');

  const robotsHits = () => current.hits.get('robots.example/robots.txt') ?? 0;
  const client = (overrides: Parameters<typeof recordedClient>[1] = {}) =>
    recordedClient(current, {
      route: (url) => current.route(url),
      allowOrigins: [v1.origin, v2.origin, missing.origin, broken.origin],
      now: () => now,
      ...overrides,
    }).client;
  const page = (c: ReturnType<typeof client>, p: string) => c.fetch({ url: `https://robots.example${p}`, purpose: 'page' });
  const refused = (res: FetchResult) => !res.ok && res.kind === 'robots';
  /** What the first client of a run learns, for the later ones to recall. */
  async function learn(server: RecordedServer): Promise<RobotsSnapshot> {
    current = server;
    const first = client();
    await page(first, '/news/1');
    return first.robots!.snapshot('https://robots.example')!;
  }

  beforeAll(async () => {
    const roots = ['v1', 'v2', 'missing', 'broken'].map((name) => path.join(temp.dir, name));
    writeSites(roots[0]!, 'User-agent: *\nDisallow: /private/\n');
    writeSites(roots[1]!, 'User-agent: *\nDisallow: /private/\nDisallow: /news/\n');
    writeSites(roots[2]!, { status: 404 });
    writeSites(roots[3]!, { status: 503 });
    const servers = await Promise.all(roots.map((root) => startRecordedServer({ root })));
    [v1, v2, missing, broken] = servers as [RecordedServer, RecordedServer, RecordedServer, RecordedServer];
    current = v1;
  });

  afterAll(async () => {
    await Promise.all([v1, v2, missing, broken].map((server) => server?.close()));
    temp.cleanup();
  });

  it('a new client that recalls a fresh answer sends no robots.txt request and obeys it', async () => {
    const known = await learn(v1);
    expect(known).toMatchObject({ origin: 'https://robots.example', agent: 'rujp-feed', status: 200, rules: 'User-agent: *\nDisallow: /private/\n' });
    expect(known.etag).toMatch(/^".+"$/);

    now += 23 * HOUR;
    const before = robotsHits();
    const next = client();
    next.robots!.recall([known]);
    expect(refused(await page(next, '/private/1'))).toBe(true);
    expect(await page(next, '/news/1')).toMatchObject({ ok: true, status: 200 });
    expect(robotsHits() - before).toBe(0);
    expect(next.requestCount).toBe(1);
  });

  it('an answer older than the TTL is asked again, conditionally: a 304 keeps the rules for another day', async () => {
    now = Date.parse('2026-03-02T06:00:00Z');
    const known = await learn(v1);
    now += ROBOTS_TTL_MS + HOUR;
    const before = robotsHits();
    const next = client();
    // Rules that differ from the file, under the file's own ETag: only a 304 can leave them standing.
    next.robots!.recall([{ ...known, rules: 'User-agent: *\nDisallow: /news/\n' }]);
    expect(refused(await page(next, '/news/1'))).toBe(true);
    expect(robotsHits() - before).toBe(1);
    const renewed = next.robots!.snapshot('https://robots.example')!;
    expect(renewed).toMatchObject({ etag: known.etag, rules: 'User-agent: *\nDisallow: /news/\n', status: 200 });
    expect(Date.parse(renewed.fetchedAt)).toBe(now);
  });

  it('a robots.txt changed to disallow a path is obeyed once the kept answer is refreshed', async () => {
    now = Date.parse('2026-03-03T06:00:00Z');
    const known = await learn(v1);

    current = v2; // the site now disallows /news/
    now += 2 * HOUR;
    const withinTtl = client();
    withinTtl.robots!.recall([known]);
    expect(await page(withinTtl, '/news/1')).toMatchObject({ ok: true, status: 200 });
    expect(robotsHits()).toBe(0);

    now += ROBOTS_TTL_MS;
    const after = client();
    after.robots!.recall([known]);
    const res = await page(after, '/news/1');
    expect(res).toMatchObject({ ok: false, kind: 'robots', reason: 'disallowed by https://robots.example/robots.txt' });
    expect(robotsHits()).toBe(1);
    const changed = after.robots!.snapshot('https://robots.example')!;
    expect(changed.rules).toBe('User-agent: *\nDisallow: /private/\nDisallow: /news/\n');
    expect(changed.etag).not.toBe(known.etag);
  });

  it('a 404 robots.txt means allow all, and is remembered like a file', async () => {
    now = Date.parse('2026-03-04T06:00:00Z');
    const known = await learn(missing);
    expect(known).toEqual({ origin: 'https://robots.example', agent: 'rujp-feed', status: 404, fetchedAt: new Date(now).toISOString() });
    const before = robotsHits();
    const next = client();
    next.robots!.recall([known]);
    expect(await page(next, '/private/1')).toMatchObject({ ok: true, status: 200 });
    expect(robotsHits() - before).toBe(0);
  });

  it('a robots.txt answering 503 leaves the last known rules in force and is not remembered as fresh', async () => {
    now = Date.parse('2026-03-05T06:00:00Z');
    const known = await learn(v1);
    current = broken;
    now += 3 * ROBOTS_TTL_MS;
    const next = client();
    next.robots!.recall([known]);
    expect(refused(await page(next, '/private/1'))).toBe(true);
    expect(await page(next, '/news/1')).toMatchObject({ ok: true, status: 200 });
    // Asked once for both pages, not again on each.
    expect(robotsHits()).toBe(1);
    // What is kept is still the old answer, with its own age: the next run asks again.
    expect(next.robots!.snapshot('https://robots.example')).toEqual(known);
  });

  it('with no answer ever seen, a 503 robots.txt allows all, as before, and nothing is kept', async () => {
    current = broken;
    const fresh = client();
    expect(await page(fresh, '/private/1')).toMatchObject({ ok: true, status: 200 });
    expect(fresh.robots!.snapshot('https://robots.example')).toBeUndefined();
  });

  it('ignores what it cannot trust: malformed entries, another agent\'s rules, an older answer', async () => {
    now = Date.parse('2026-03-06T06:00:00Z');
    const known = await learn(v1);
    const before = robotsHits();
    const next = client();
    next.robots!.recall([
      'garbage',
      null,
      { origin: 'https://robots.example' },
      { ...known, fetchedAt: 'yesterday' },
      { ...known, status: 503 },
      { ...known, origin: 'https://robots.example/robots.txt' },
      { ...known, agent: 'regional-watch', rules: 'User-agent: *\nDisallow: /news/\n' },
    ]);
    next.robots!.recall('not a list' as unknown as unknown[]);
    expect(await page(next, '/news/1')).toMatchObject({ ok: true, status: 200 });
    expect(robotsHits() - before).toBe(1);

    // An older copy recalled later does not replace what this client just learned.
    next.robots!.recall([{ ...known, fetchedAt: new Date(now - HOUR).toISOString(), rules: 'User-agent: *\nDisallow: /news/\n' }]);
    expect(await page(next, '/news/1')).toMatchObject({ ok: true, status: 200 });
  });

  it('has nothing to remember when robots.txt is not read', () => {
    expect(client({ respectRobots: false }).robots).toBeUndefined();
  });
});
