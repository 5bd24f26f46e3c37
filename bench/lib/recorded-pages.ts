/**
 * The article pages of the recorded sites (fixtures/sites/<host>/), decoded as the fetcher
 * decodes them, with the registry entry of the source they belong to: the pages a real poll
 * extracts and classifies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeBody } from '../../lambdas/http/charset.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';
import type { SourceEntry } from '../../lambdas/sources/registry-schema.js';
import { REPO_ROOT } from './node-process.js';

export interface RecordedPage {
  /** The real URL the page stands for ('https://tass.ru/ekonomika/6908401'). */
  url: string;
  html: string;
  charset: string;
  source: SourceEntry;
}

interface Route {
  file?: string;
  contentType?: string;
  status?: number;
  fault?: string;
}

export const SITES_DIR = path.join(REPO_ROOT, 'fixtures', 'sites');

/** Every routed HTML page that is not a source's own list or feed URL. */
export function loadRecordedPages(sitesDir = SITES_DIR): RecordedPage[] {
  const sources = loadRegistry();
  const listUrls = new Set(sources.map((source) => new URL(source.url).href));
  const pages: RecordedPage[] = [];
  for (const host of readdirSync(sitesDir).sort()) {
    const routesFile = path.join(sitesDir, host, '_routes.json');
    if (!existsSync(routesFile)) continue;
    const source = sources.find((entry) => new URL(entry.url).host === host);
    if (!source) continue;
    let routes: Record<string, Route>;
    try {
      routes = (JSON.parse(readFileSync(routesFile, 'utf8')) as { routes: Record<string, Route> }).routes;
    } catch (error) {
      throw new Error(`${routesFile}: ${(error as Error).message}`);
    }
    for (const [route, answer] of Object.entries(routes)) {
      if (!answer.file || answer.fault || (answer.status ?? 200) !== 200) continue;
      if (!/html/i.test(answer.contentType ?? '') && !/\.html?$/i.test(answer.file)) continue;
      const url = new URL(route, `https://${host}`).href;
      if (listUrls.has(url)) continue;
      const raw = readFileSync(path.join(sitesDir, host, answer.file));
      const { text, charset } = decodeBody(raw, answer.contentType, source.encoding);
      pages.push({ url, html: text, charset, source });
    }
  }
  return pages;
}
