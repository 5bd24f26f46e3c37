/**
 * Every registry source against its recorded list page or feed: discovery must find
 * exactly the items of its golden file (fixtures/sources/<id>.expected.json), and every
 * item it finds must have its article page recorded, so the demo never follows a link
 * into the void. A source recorded behind a bot wall has `"blocked": true` instead.
 *
 * Regenerate the goldens on purpose with `UPDATE_GOLDEN=1 npx vitest run test/sources/registry-sources.test.ts`
 * and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectBotCheck } from '../../lambdas/http/bot-check.js';
import { decodeBody } from '../../lambdas/http/charset.js';
import { discoverCandidates } from '../../lambdas/sources/discover.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITES = path.join(ROOT, 'fixtures/sites');
const GOLDEN = path.join(ROOT, 'fixtures/sources');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Anchors dates printed without a year; the recorded snapshot is dated early 2020. */
const RECORDED_AT = new Date('2020-03-01T00:00:00Z');

interface Route {
  file?: string;
  contentType?: string;
  status?: number;
  fault?: string;
}

const routesCache = new Map<string, Record<string, Route> | null>();
function routesOf(host: string): Record<string, Route> | null {
  if (!routesCache.has(host)) {
    const file = path.join(SITES, host, '_routes.json');
    routesCache.set(host, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { routes: Record<string, Route> }).routes : null);
  }
  return routesCache.get(host)!;
}

/** The recorded answer for a real URL, matched the way the recorded server matches it. */
function recorded(url: string): Route | null {
  const u = new URL(url);
  const routes = routesOf(u.host);
  if (!routes) return null;
  return routes[u.pathname + u.search] ?? routes[u.pathname] ?? null;
}

type Golden =
  | { id: string; blocked: true }
  | { id: string; candidates: Array<{ url: string; title?: string; publishedAt?: string }> };

const sources = loadRegistry(path.join(ROOT, 'sources'));

describe('every registry source finds its recorded items', () => {
  it('the registry holds the sources of both halves of issue 3', () => {
    expect(sources.length).toBeGreaterThanOrEqual(14);
  });

  it.each(sources.map((s) => [s.id, s] as const))('%s', (id, source) => {
    const route = recorded(source.url);
    expect(route, `${id}: no recorded route for ${source.url} under fixtures/sites/`).not.toBeNull();
    expect(route!.file, `${id}: the list/feed route has no file`).toBeTruthy();
    const raw = readFileSync(path.join(SITES, new URL(source.url).host, route!.file!));
    const { text } = decodeBody(raw, route!.contentType, source.encoding);

    const goldenFile = path.join(GOLDEN, `${id}.expected.json`);
    const existing: Golden | null = existsSync(goldenFile) ? (JSON.parse(readFileSync(goldenFile, 'utf8')) as Golden) : null;

    if (existing && 'blocked' in existing) {
      // A bot wall must be recognised as such, never read as news.
      expect(detectBotCheck(text), `${id}: recorded as blocked, but no bot check is detected`).not.toBeNull();
      return;
    }
    expect(detectBotCheck(text), `${id}: the recorded list looks like a bot-check page`).toBeNull();

    const { candidates, warnings } = discoverCandidates(source, text, source.url, RECORDED_AT);
    const found = candidates.map((c) => ({ url: c.url, title: c.title, publishedAt: c.publishedAt }));
    if (UPDATE || !existing) {
      if (!UPDATE) throw new Error(`${id}: no golden file ${path.relative(ROOT, goldenFile)}; run with UPDATE_GOLDEN=1 and review it`);
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(goldenFile, JSON.stringify({ id, candidates: found }, null, 2) + '\n');
    } else {
      expect(found).toEqual(existing.candidates);
    }

    expect(candidates.length, `${id}: a source needs at least two recorded items`).toBeGreaterThanOrEqual(2);
    expect(warnings, `${id}: discovery warnings on the recorded list`).toEqual([]);
    for (const c of candidates) {
      expect(c.title, `${id}: ${c.url} has no title`).toBeTruthy();
      expect(c.publishedAt, `${id}: ${c.url} has no date`).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const page = recorded(c.url);
      expect(page, `${id}: ${c.url} has no recorded article page`).not.toBeNull();
      expect(page!.file && existsSync(path.join(SITES, new URL(c.url).host, page!.file)), `${id}: ${c.url}: routed file missing`).toBeTruthy();
    }
  });
});
