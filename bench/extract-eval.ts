/**
 * Iterating on the extractor: per-page F1 of extractArticle and of Readability on the
 * article-extraction-benchmark pages, worst first, then the set scores.
 *   npx tsx bench/extract-eval.ts [--ours-only] [--half A|B] [--show ID_PREFIX]
 * Tune on --half A; look at B only to judge a change (bench/README.md).
 */
import { extractArticle } from '../lambdas/extract/extract-article.js';
import { comparePage, scoreSet, type PageScore } from '../lambdas/extract/score.js';
import { aebDir, loadAebPages } from './lib/aeb-pages.js';
import { splitHalves, type Half } from './lib/aeb-halves.js';
import { readabilityText } from './lib/readability-runner.js';

const args = process.argv.slice(2);
const oursOnly = args.includes('--ours-only');
const showIdx = args.indexOf('--show');
const show = showIdx >= 0 ? args[showIdx + 1] : undefined;
const halfIdx = args.indexOf('--half');
const half = halfIdx >= 0 ? args[halfIdx + 1] : undefined;
if (half !== undefined && half !== 'A' && half !== 'B') {
  console.error(`--half takes A or B, not ${JSON.stringify(half)}`);
  process.exit(2);
}

const allPages = loadAebPages();
if (!allPages) {
  console.log(`article-extraction-benchmark pages not found in ${aebDir()} (set RUJP_AEB_DIR); nothing to evaluate`);
  process.exit(0);
}
const pages = half ? splitHalves(allPages)[half as Half] : allPages;

const rows: { id: string; url: string; ours: PageScore; theirs: PageScore | null }[] = [];
for (const page of pages) {
  if (show && !page.id.startsWith(show)) continue;
  let text = '';
  try {
    text = extractArticle(page.html, { url: page.url }).text;
  } catch (error) {
    console.error(`${page.id}: ${(error as Error).message}`);
  }
  const ours = comparePage(text, page.articleBody);
  const theirs = oursOnly ? null : comparePage(readabilityText(page.html), page.articleBody);
  rows.push({ id: page.id, url: page.url, ours, theirs });
  if (show) {
    console.log('=== EXTRACTED\n' + text + '\n=== EXPECTED\n' + page.articleBody);
  }
}

rows.sort((a, b) => (a.ours.f1 ?? 1) - (b.ours.f1 ?? 1));
const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '  -  ' : n.toFixed(3));
console.log('ours_f1  P      R      | readab | id           url');
for (const r of rows) {
  console.log(`${fmt(r.ours.f1)}   ${fmt(r.ours.precision)}  ${fmt(r.ours.recall)}  | ${fmt(r.theirs?.f1)}  | ${r.id.slice(0, 12)} ${r.url}`);
}
const ours = scoreSet(rows.map((r) => r.ours));
console.log(`\nextractArticle  F1 ${ours.f1.toFixed(4)}  P ${ours.precision.toFixed(4)}  R ${ours.recall.toFixed(4)}  (${ours.pages} pages)`);
if (!oursOnly) {
  const theirs = scoreSet(rows.map((r) => r.theirs!));
  console.log(`Readability.js  F1 ${theirs.f1.toFixed(4)}  P ${theirs.precision.toFixed(4)}  R ${theirs.recall.toFixed(4)}`);
}
