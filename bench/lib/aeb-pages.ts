import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** One page of the article-extraction-benchmark (Scrapinghub, MIT): its HTML and the reference body. */
export interface AebPage {
  id: string;
  url: string;
  html: string;
  articleBody: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function aebDir(): string {
  return process.env.RUJP_AEB_DIR ?? path.resolve(repoRoot, '../shared/bench/aeb-dev');
}

/** The benchmark pages, or null when the set is not present on this machine. */
export function loadAebPages(dir = aebDir()): AebPage[] | null {
  const truthFile = path.join(dir, 'ground-truth.json');
  const htmlDir = path.join(dir, 'html');
  if (!existsSync(truthFile) || !existsSync(htmlDir)) return null;
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, { articleBody?: string; url?: string }>;
  const pages: AebPage[] = [];
  for (const file of readdirSync(htmlDir).sort()) {
    const m = file.match(/^(.+)\.html(\.gz)?$/);
    if (!m) continue;
    const id = m[1]!;
    const entry = truth[id];
    if (!entry) continue;
    const raw = readFileSync(path.join(htmlDir, file));
    // The benchmark stores pages as UTF-8; decode as such, as its own evaluation does.
    const html = (m[2] ? gunzipSync(raw) : raw).toString('utf8');
    pages.push({ id, url: entry.url ?? '', html, articleBody: entry.articleBody ?? '' });
  }
  return pages;
}
