/**
 * Scoring of extracted article text against a reference body, as the
 * article-extraction-benchmark (Scrapinghub, MIT) does it: the unit is the
 * 4-token shingle counted as a multiset, so repeated phrases and paragraph
 * order both matter, and a short text is one shingle.
 */

const TOKEN = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface PageScore extends PageCounts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface SetScore {
  precision: number;
  recall: number;
  f1: number;
  pages: number;
}

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Counts of 4-token shingles; a text shorter than 4 tokens is a single shingle of all its tokens. */
export function shingles(text: string): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  if (tokens.length === 0) return counts;
  const n = Math.max(1, tokens.length - SHINGLE_SIZE + 1);
  for (let i = 0; i < n; i++) {
    const key = tokens.slice(i, i + SHINGLE_SIZE).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function comparePage(predicted: string, expected: string): PageScore {
  const pred = shingles(predicted);
  const gold = shingles(expected);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of pred) {
    const shared = Math.min(count, gold.get(key) ?? 0);
    tp += shared;
    fp += count - shared;
  }
  for (const [key, count] of gold) fn += Math.max(0, count - (pred.get(key) ?? 0));
  const precision = tp + fp > 0 ? precisionOf({ tp, fp, fn }) : null;
  const recall = tp + fn > 0 ? recallOf({ tp, fp, fn }) : null;
  const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : null;
  return { tp, fp, fn, precision, recall, f1 };
}

// The benchmark normalises TP, FP and FN by their sum so long pages weigh no more than short
// ones; the ratios below are unchanged by that, so raw counts are kept for inspection.
function precisionOf({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallOf({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

/** Averages precision and recall over pages, then F1 of the averages, as the benchmark publishes it. */
export function scoreSet(pages: readonly PageCounts[]): SetScore {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  for (const { tp, fp, fn } of pages) {
    if (tp + fp > 0) {
      pSum += precisionOf({ tp, fp, fn });
      pN++;
    }
    if (tp + fn > 0) {
      rSum += recallOf({ tp, fp, fn });
      rN++;
    }
  }
  const precision = pN > 0 ? pSum / pN : 0;
  const recall = rN > 0 ? rSum / rN : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, pages: pages.length };
}
