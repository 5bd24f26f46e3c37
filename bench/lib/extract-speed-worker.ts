/**
 * Runs one extractor over the benchmark pages in a process of its own, so its peak memory is its
 * own; prints one JSON line: {"pages","seconds","pagesPerSecond","maxRssMiB"}.
 *   node --import tsx bench/lib/extract-speed-worker.ts ours|readability [rounds]
 */
import { extractArticle } from '../../lambdas/extract/extract-article.js';
import { loadAebPages } from './aeb-pages.js';
import { readabilityText } from './readability-runner.js';

const which = process.argv[2];
const rounds = Number(process.argv[3] ?? 3);
const pages = loadAebPages();
if (!pages || (which !== 'ours' && which !== 'readability')) {
  console.log(JSON.stringify({ error: pages ? `unknown extractor ${which}` : 'benchmark pages not found' }));
  process.exit(pages ? 2 : 0);
}
const run = which === 'ours' ? (html: string) => extractArticle(html).text : readabilityText;

// One warm-up pass so JIT compilation is not billed to the first pages.
for (const p of pages) run(p.html);
const started = process.hrtime.bigint();
let sink = 0;
for (let r = 0; r < rounds; r++) for (const p of pages) sink += run(p.html).length;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const done = pages.length * rounds;
console.log(
  JSON.stringify({ pages: done, seconds, pagesPerSecond: done / seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, sink }),
);
