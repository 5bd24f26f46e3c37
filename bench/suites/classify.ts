import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classify } from '../../lambdas/classify/classify.js';
import { loadProfile } from '../../lambdas/classify/profile.js';
import type { Classification } from '../../lambdas/core/types.js';
import type { BenchRow, BenchSuite } from '../types.js';

/** One labelled item of fixtures/classify/dev.jsonl. */
export interface DevItem {
  id: string;
  lang: 'ru' | 'en' | 'ja';
  title: string;
  text: string;
  relevant: boolean;
  kind: 'relevant' | 'hard-negative' | 'easy-negative' | 'seed';
  regions?: string[];
  prefectures?: string[];
  topics?: string[];
  note?: string;
}

export const DEV_SET = fileURLToPath(new URL('../../fixtures/classify/dev.jsonl', import.meta.url));
/** Items written after the profile was tuned on the dev set, as a check on unseen text. */
export const FRESH_SET = fileURLToPath(new URL('../../fixtures/classify/fresh.jsonl', import.meta.url));
/**
 * Items written by someone who never saw the classifier. Measured once as it came (F1 0.889), then its misses
 * were studied and the rule fixed by category, so it is now a tuning set like the others (see the classify README).
 */
export const BLIND_SET = fileURLToPath(new URL('../../fixtures/classify/blind.jsonl', import.meta.url));
/**
 * A second blind set, written the same way. Measured as it came (F1 0.900 after the first round of fixes, 0.795
 * before any), then its misses were fixed by category, so it is no longer blind either (see the classify README).
 */
export const BLIND2_SET = fileURLToPath(new URL('../../fixtures/classify/blind2.jsonl', import.meta.url));
/**
 * A third set written blind after both rounds of fixes and measured once as it came (F1 0.939, precision 0.969,
 * recall 0.912). Its four misses were then studied and the rule fixed by category in round three, so it is a tuning
 * set like the others now, not held out: only a set written after round three can tell again how the rule generalises.
 */
export const HELDOUT_SET = fileURLToPath(new URL('../../fixtures/classify/heldout.jsonl', import.meta.url));
/**
 * Written blind while the third round of fixes was being made, and never tuned on: today the one figure here that
 * says how the rule does on items nobody fitted it to. Read its misses; fix the method on other items; write a new
 * held-out set before trusting a fix made on this one.
 */
export const HELDOUT2_SET = fileURLToPath(new URL('../../fixtures/classify/heldout2.jsonl', import.meta.url));

export function loadDevSet(path = DEV_SET): DevItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as DevItem;
      } catch (err) {
        throw new Error(`${path}:${i + 1}: ${(err as Error).message}`);
      }
    });
}

/** Every fifth item was held out while the profile was tuned; its score shows how the rest generalises. */
export function isHeldOut(index: number): boolean {
  return index % 5 === 4;
}

// The baseline a reader would write first: a Russia word and a Japan word anywhere in the item.
const NAIVE_RUSSIA = /росси|\bрф\b|russia|ロシア|露/i;
const NAIVE_JAPAN = /япон|japan|日本|日ロ|日露/i;
export function naive(item: { title: string; text: string }): boolean {
  const all = `${item.title}\n${item.text}`;
  return NAIVE_RUSSIA.test(all) && NAIVE_JAPAN.test(all);
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  n: number;
}

export function prf(pairs: Array<{ gold: boolean; predicted: boolean }>): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pairs) {
    if (p.predicted && p.gold) tp++;
    else if (p.predicted) fp++;
    else if (p.gold) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, n: pairs.length };
}

// Best of several short rounds: on a shared machine the slowest rounds measure the neighbours, not the code.
function itemsPerSecond(items: DevItem[], fn: (item: DevItem) => unknown, roundMs = 300, rounds = 5): number {
  for (const item of items) fn(item); // warm the stem memo and the JIT, as a long-running Lambda would be
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let done = 0;
    const start = performance.now();
    while (performance.now() - start < roundMs) {
      for (const item of items) fn(item);
      done += items.length;
    }
    best = Math.max(best, done / ((performance.now() - start) / 1000));
  }
  return best;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export const suite: BenchSuite = {
  name: 'classify',
  async run(): Promise<BenchRow[]> {
    const items = loadDevSet();
    const profile = loadProfile();
    const results: Classification[] = items.map((item) => classify({ id: item.id, title: item.title, text: item.text }, profile));
    const rows: BenchRow[] = [];
    const row = (name: string, value: number, unit: string, extra: Partial<BenchRow> = {}) =>
      rows.push({ suite: 'classify', name, value: round3(value), unit, ...extra });

    const subsets: Array<[string, (item: DevItem, i: number) => boolean]> = [
      ['all', () => true],
      ['held-out fifth', (_, i) => isHeldOut(i)],
      ['ru', (it) => it.lang === 'ru'],
      ['en', (it) => it.lang === 'en'],
      ['ja', (it) => it.lang === 'ja'],
    ];
    for (const [label, keep] of subsets) {
      const idx = items.map((it, i) => (keep(it, i) ? i : -1)).filter((i) => i >= 0);
      const ours = prf(idx.map((i) => ({ gold: items[i]!.relevant, predicted: results[i]!.relevant })));
      const base = prf(idx.map((i) => ({ gold: items[i]!.relevant, predicted: naive(items[i]!) })));
      row(`F1 dev ${label} (n=${idx.length})`, ours.f1, '', { anchor: { name: 'naive baseline', value: round3(base.f1) }, goal: '>= 0.95', met: ours.f1 >= 0.95 });
      if (label === 'all') {
        row('precision dev all', ours.precision, '', { anchor: { name: 'naive baseline', value: round3(base.precision) }, goal: '>= 0.97', met: ours.precision >= 0.97 });
        row('recall dev all', ours.recall, '', { anchor: { name: 'naive baseline', value: round3(base.recall) } });
      }
    }

    const judged: Array<{ gold: boolean; predicted: boolean; naive: boolean }> = items.map((it, i) => ({ gold: it.relevant, predicted: results[i]!.relevant, naive: naive(it) }));
    for (const [label, path] of [['fresh', FRESH_SET], ['blind', BLIND_SET], ['blind2', BLIND2_SET]] as const) {
      const set = loadDevSet(path).map((it) => ({ gold: it.relevant, predicted: classify({ id: it.id, title: it.title, text: it.text }, profile).relevant, naive: naive(it) }));
      judged.push(...set);
      const ours = prf(set);
      const base = prf(set.map((p) => ({ gold: p.gold, predicted: p.naive })));
      row(`F1 ${label} set (n=${set.length})`, ours.f1, '', { anchor: { name: 'naive baseline', value: round3(base.f1) }, goal: '>= 0.95', met: ours.f1 >= 0.95 });
      row(`precision ${label} set`, ours.precision, '', { anchor: { name: 'naive baseline', value: round3(base.precision) }, goal: '>= 0.97', met: ours.precision >= 0.97 });
    }
    // A feed lives on its precision: an irrelevant item in it costs more than a relevant one missed.
    const overall = prf(judged);
    const overallBase = prf(judged.map((p) => ({ gold: p.gold, predicted: p.naive })));
    row(`precision dev+fresh+blind+blind2 (n=${judged.length})`, overall.precision, '', { anchor: { name: 'naive baseline', value: round3(overallBase.precision) }, goal: '>= 0.97', met: overall.precision >= 0.97 });

    const heldout = loadDevSet(HELDOUT_SET).map((it) => ({ gold: it.relevant, predicted: classify({ id: it.id, title: it.title, text: it.text }, profile).relevant, naive: naive(it) }));
    const held = prf(heldout);
    const heldBase = prf(heldout.map((p) => ({ gold: p.gold, predicted: p.naive })));
    row(`F1 heldout set (tuned on in round three) (n=${heldout.length})`, held.f1, '', { anchor: { name: 'naive baseline', value: round3(heldBase.f1) }, goal: '>= 0.95', met: held.f1 >= 0.95 });
    row('precision heldout set (tuned on in round three)', held.precision, '', { anchor: { name: 'naive baseline', value: round3(heldBase.precision) }, goal: '>= 0.97', met: held.precision >= 0.97 });
    row('recall heldout set (tuned on in round three)', held.recall, '', { anchor: { name: 'naive baseline', value: round3(heldBase.recall) } });

    const heldout2 = loadDevSet(HELDOUT2_SET).map((it) => ({ gold: it.relevant, predicted: classify({ id: it.id, title: it.title, text: it.text }, profile).relevant, naive: naive(it) }));
    const unseen = prf(heldout2);
    const unseenBase = prf(heldout2.map((p) => ({ gold: p.gold, predicted: p.naive })));
    row(`F1 heldout2 set, never tuned on (n=${heldout2.length})`, unseen.f1, '', { anchor: { name: 'naive baseline', value: round3(unseenBase.f1) }, goal: '>= 0.95', met: unseen.f1 >= 0.95 });
    row('precision heldout2 set, never tuned on', unseen.precision, '', { anchor: { name: 'naive baseline', value: round3(unseenBase.precision) }, goal: '>= 0.97', met: unseen.precision >= 0.97 });
    row('recall heldout2 set, never tuned on', unseen.recall, '', { anchor: { name: 'naive baseline', value: round3(unseenBase.recall) } });

    const seeds = items.map((it, i) => [it, results[i]!] as const).filter(([it]) => it.kind === 'seed');
    const seedsRight = seeds.filter(([it, r]) => r.relevant && (it.regions ?? []).every((id) => r.regions.includes(id))).length;
    row('seeds relevant with their regions', seedsRight, `of ${seeds.length}`, { goal: `= ${seeds.length}`, met: seedsRight === seeds.length });

    const tagged = items.map((it, i) => [it, results[i]!] as const).filter(([it]) => it.relevant && it.regions);
    let regionHits = 0;
    let regionGold = 0;
    let regionPredicted = 0;
    for (const [it, r] of tagged) {
      regionGold += it.regions!.length;
      regionPredicted += r.regions.length;
      regionHits += r.regions.filter((id) => it.regions!.includes(id)).length;
    }
    const regionP = regionPredicted === 0 ? 1 : regionHits / regionPredicted;
    const regionR = regionGold === 0 ? 1 : regionHits / regionGold;
    row('region tags F1 on relevant items', regionP + regionR === 0 ? 0 : (2 * regionP * regionR) / (regionP + regionR), '');

    const speed = itemsPerSecond(items, (it) => classify({ id: it.id, title: it.title, text: it.text }, profile));
    const naiveSpeed = itemsPerSecond(items, naive, 100, 3);
    row('items/s on one core (best of 5 rounds)', speed, 'items/s', { anchor: { name: 'naive baseline', value: Math.round(naiveSpeed) }, goal: '>= 5000', met: speed >= 5000 });
    return rows;
  },
};
