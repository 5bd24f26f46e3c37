import { extractArticle } from '../../lambdas/extract/extract-article.js';
import { comparePage, scoreSet, type PageCounts } from '../../lambdas/extract/score.js';
import type { BenchRow, BenchSuite } from '../types.js';
import { aebDir, loadAebPages } from '../lib/aeb-pages.js';
import { splitHalves } from '../lib/aeb-halves.js';
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
    const oursById = new Map<string, PageCounts>();
    const theirsById = new Map<string, PageCounts>();
    let failures = 0;
    for (const page of pages) {
      let text = '';
      try {
        text = extractArticle(page.html, { url: page.url }).text;
      } catch {
        failures++;
      }
      const o = comparePage(text, page.articleBody);
      const t = comparePage(readabilityText(page.html), page.articleBody);
      ours.push(o);
      theirs.push(t);
      oursById.set(page.id, o);
      theirsById.set(page.id, t);
    }
    // Half A is where rules and weights are tuned, half B where they are judged (bench/README.md).
    const halves = splitHalves(pages);
    const f1Of = (byId: Map<string, PageCounts>, half: 'A' | 'B') => scoreSet(halves[half].map((p) => byId.get(p.id)!)).f1;
    const f1A = f1Of(oursById, 'A');
    const f1B = f1Of(oursById, 'B');
    const gap = Math.abs(f1A - f1B);
    const o = scoreSet(ours);
    const t = scoreSet(theirs);
    const anchor = (value: number) => ({ name: 'Readability.js', value: round3(value) });
    const n = pages.length;
    return [
      { suite: 'extract', name: `F1 on aeb-dev (${n} pages)`, value: round3(o.f1), unit: '', anchor: anchor(t.f1), goal: '>= 0.975', met: o.f1 >= 0.975 },
      { suite: 'extract', name: 'precision on aeb-dev', value: round3(o.precision), unit: '', anchor: anchor(t.precision) },
      { suite: 'extract', name: 'recall on aeb-dev', value: round3(o.recall), unit: '', anchor: anchor(t.recall) },
      { suite: 'extract', name: `F1 on aeb-dev half A, tuned on (${halves.A.length} pages)`, value: round3(f1A), unit: '', anchor: anchor(f1Of(theirsById, 'A')) },
      { suite: 'extract', name: `F1 on aeb-dev half B, judged on (${halves.B.length} pages)`, value: round3(f1B), unit: '', anchor: anchor(f1Of(theirsById, 'B')) },
      { suite: 'extract', name: 'F1 gap between halves A and B', value: round3(gap), unit: '', goal: '<= 0.005', met: gap <= 0.005 },
      { suite: 'extract', name: 'pages that threw', value: failures, unit: `of ${n}`, goal: '= 0', met: failures === 0 },
    ];
  },
};
