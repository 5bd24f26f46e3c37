/**
 * Extract + classify (what fetch-source does with each new page) or Readability.js over the
 * recorded article pages, on one core in a process of its own; prints one JSON line:
 * {"pages","distinct","seconds" (best round),"pagesPerSecond","maxRssMiB","relevant"}.
 *   node --import tsx bench/lib/pipeline-throughput-worker.ts ours|readability [rounds]
 */
import { classify } from '../../lambdas/classify/classify.js';
import { extractArticle } from '../../lambdas/extract/extract-article.js';
import { readabilityText } from './readability-runner.js';
import { loadRecordedPages, type RecordedPage } from './recorded-pages.js';

const which = process.argv[2];
const rounds = Number(process.argv[3] ?? 3);
if (which !== 'ours' && which !== 'readability') {
  console.log(JSON.stringify({ error: `unknown pipeline "${which}" (ours or readability)` }));
  process.exit(2);
}
const pages = loadRecordedPages();
if (pages.length === 0) {
  console.log(JSON.stringify({ error: 'no recorded article pages under fixtures/sites' }));
  process.exit(2);
}

// As the fetcher does: a page whose text cannot be had is logged and skipped, never fatal.
function ours(page: RecordedPage): number {
  const article = extractArticle(page.html, { url: page.url, selectors: page.source.article });
  const title = article.title ?? '';
  if (!article.text || !title) return 0;
  const verdict = classify({ id: page.url, title, text: article.text.slice(0, 100_000), lang: article.lang ?? page.source.lang, url: page.url });
  return verdict.relevant ? 1 : 0;
}
const run = which === 'ours' ? ours : (page: RecordedPage) => (readabilityText(page.html).length > 0 ? 1 : 0);

// One warm-up pass so JIT compilation and the classifier profile load are not billed to the first pages.
let relevant = 0;
for (const page of pages) relevant += run(page);
// Best round, as the classifier bench does: on a shared machine a neighbour's burst only slows
// some rounds, and both sides are measured the same way.
let best = Infinity;
for (let r = 0; r < rounds; r++) {
  const started = process.hrtime.bigint();
  for (const page of pages) run(page);
  best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
}
console.log(
  JSON.stringify({
    pages: pages.length * rounds,
    distinct: pages.length,
    seconds: best,
    pagesPerSecond: pages.length / best,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    relevant,
  }),
);
