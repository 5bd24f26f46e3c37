import { extractArticle } from '../../lambdas/extract/extract-article.js';
import { comparePage, scoreSet, type PageCounts } from '../../lambdas/extract/score.js';
import type { BenchRow, BenchSuite } from '../types.js';
import { aebDir, loadAebPages } from '../lib/aeb-pages.js';
import { readabilityText } from '../lib/readability-runner.js';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Extraction quality on the article-extraction-benchmark dev pages, scored as that benchmark
 * scores, with Readability.js measured on the same pages in the same run as the anchor.
 */
export const suite: BenchSuite = {
  name: 'extract-quality',
  async run(): Promise<BenchRow[]> {
    const pages = loadAebPages();
    if (!pages) {
      console.log(`extract-quality: skipped, no benchmark pages in ${aebDir()} (set RUJP_AEB_DIR to the aeb-dev folder)`);
      return [];
    }
    const ours: PageCounts[] = [];
    const theirs: PageCounts[] = [];
    let failures = 0;
    for (const page of pages) {
      let text = '';
      try {
        text = extractArticle(page.html, { url: page.url }).text;
      } catch {
        failures++;
      }
      ours.push(comparePage(text, page.articleBody));
      theirs.push(comparePage(readabilityText(page.html), page.articleBody));
    }
    const o = scoreSet(ours);
    const t = scoreSet(theirs);
    const anchor = (value: number) => ({ name: 'Readability.js', value: round3(value) });
    const n = pages.length;
    return [
      { suite: 'extract', name: `F1 on aeb-dev (${n} pages)`, value: round3(o.f1), unit: '', anchor: anchor(t.f1), goal: '>= 0.96', met: o.f1 >= 0.96 },
      { suite: 'extract', name: 'precision on aeb-dev', value: round3(o.precision), unit: '', anchor: anchor(t.precision) },
      { suite: 'extract', name: 'recall on aeb-dev', value: round3(o.recall), unit: '', anchor: anchor(t.recall) },
      { suite: 'extract', name: 'pages that threw', value: failures, unit: `of ${n}`, goal: '= 0', met: failures === 0 },
    ];
  },
};
