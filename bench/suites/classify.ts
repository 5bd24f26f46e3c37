/**
 * The classifier's figures: on the unseen sets (never trained or tuned on: the ones to quote), by story-grouped,
 * source-grouped and time-split cross-validation over the training sets, for the rules alone, the model alone
 * and the shipped combination, per language; then seeds, tags and speed. lambdas/classify/learn/evaluate.ts
 * says what each split holds out.
 */
import { fileURLToPath } from 'node:url';
import { classify } from '../../lambdas/classify/classify.js';
import { itemsOf, labelledSets, readLabelled } from '../../lambdas/classify/learn/dataset.js';
import { evaluate, LANGS, naive, type Report } from '../../lambdas/classify/learn/evaluate.js';
import { loadProfile } from '../../lambdas/classify/profile.js';
import type { BenchRow, BenchSuite } from '../types.js';

export { naive } from '../../lambdas/classify/learn/evaluate.js';

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
const PROFILE = fileURLToPath(new URL('../../lambdas/classify/data/russia-japan.profile.json', import.meta.url));

export function loadDevSet(path = DEV_SET): DevItem[] {
  return readLabelled(path) as DevItem[];
}

// Best of several short rounds: on a shared machine the slowest rounds measure the neighbours, not the code.
function itemsPerSecond<T>(items: T[], fn: (item: T) => unknown, roundMs = 300, rounds = 5): number {
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

function tagF1(pairs: Array<{ gold: string[]; got: string[] }>): number {
  let hits = 0;
  let gold = 0;
  let got = 0;
  for (const p of pairs) {
    gold += p.gold.length;
    got += p.got.length;
    hits += p.got.filter((id) => p.gold.includes(id)).length;
  }
  const precision = got === 0 ? 1 : hits / got;
  const recall = gold === 0 ? 1 : hits / gold;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export const suite: BenchSuite = {
  name: 'classify',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const row = (name: string, value: number, extra: Partial<BenchRow> = {}) => rows.push({ suite: 'classify', name, value: round3(value), unit: '', ...extra });
    const rules = loadProfile(PROFILE, { model: false });
    const shipped = loadProfile();
    const sets = labelledSets();
    const ev = evaluate({ rules, shipped, sets });

    // The figures to quote as unseen: nothing here was trained or tuned on these items.
    const u = ev.unseen;
    for (const lang of LANGS) {
      const c = u.combination[lang];
      const n = `(n=${c.n}, ${c.positives} relevant)`;
      row(`unseen ${lang} ${n}: precision`, c.precision, { anchor: { name: 'rules alone', value: round3(u.rules[lang].precision) }, goal: '>= 0.95', met: c.precision >= 0.95 });
      row(`unseen ${lang}: recall`, c.recall, { anchor: { name: 'rules alone', value: round3(u.rules[lang].recall) }, goal: '>= 0.95', met: c.recall >= 0.95 });
      row(`unseen ${lang}: F1`, c.f1, { anchor: { name: 'naive baseline', value: round3(u.naive[lang].f1) } });
      row(`unseen ${lang}: F1, model alone (text only)`, u.modelAlone[lang].f1, { anchor: { name: 'rules alone', value: round3(u.rules[lang].f1) } });
      row(`unseen ${lang}: average precision (PR curve in JSON)`, c.averagePrecision, {
        anchor: { name: 'model alone', value: round3(u.modelAlone[lang].averagePrecision) },
        detail: { shipped: c.curve, modelAlone: u.modelAlone[lang].curve, rules: u.rules[lang].curve },
      });
    }

    const cv = (label: string, report: Report, anchorName: string, anchor: Report) => {
      for (const lang of LANGS) {
        row(`${label} ${lang} (n=${report[lang].n}): F1`, report[lang].f1, { anchor: { name: anchorName, value: round3(anchor[lang].f1) } });
      }
    };
    const s = ev.storyFolds;
    cv('story folds, shipped', s.combination, 'rules (tuned on the team sets)', s.rules);
    cv('story folds, model alone', s.modelAlone, 'rules (tuned on the team sets)', s.rules);
    cv('story folds, corpus items only, shipped', s.corpusOnly.combination, 'rules alone', s.corpusOnly.rules);
    cv('story folds, corpus items only, model alone', s.corpusOnly.modelAlone, 'rules alone', s.corpusOnly.rules);
    cv('source folds, shipped', ev.sourceFolds.combination, 'story folds', s.combination);
    cv('source folds, corpus items only, shipped', ev.sourceFolds.corpusOnly, 'story folds', s.corpusOnly.combination);
    const t = ev.timeSplit;
    cv(`time split (trained on ${t.trainItems} items before ${t.cutoff}), shipped`, t.combination, 'rules alone', t.rules);
    cv('time split, model alone', t.modelAlone, 'rules alone', t.rules);
    row(`trained-on sets (memory, not skill) all (n=${ev.trainedOn.all.n}): F1`, ev.trainedOn.all.f1);

    const dev = loadDevSet();
    const seeds = dev.filter((it) => it.kind === 'seed');
    const seedsRight = seeds.filter((it) => {
      const r = classify({ id: it.id, title: it.title, text: it.text }, shipped);
      return r.relevant && (it.regions ?? []).every((id) => r.regions.includes(id));
    }).length;
    rows.push({ suite: 'classify', name: 'seeds relevant with their regions', value: seedsRight, unit: `of ${seeds.length}`, goal: `= ${seeds.length}`, met: seedsRight === seeds.length });

    // Tags come from the gazetteers, not the model. The dev set's tags were labelled with the rules' own convention
    // (a place acts when it is named in the title or lead, twice, or beside the other side); the corpus writers
    // labelled by their reading of who acts, a looser convention, so its figure is given beside, without the goal.
    const tagRows = (label: string, tagged: Array<{ id: string; title: string; text: string; lang?: string; regions?: string[]; prefectures?: string[] }>, goal: boolean) => {
      const verdicts = tagged.map((it) => classify({ id: it.id, title: it.title, text: it.text, lang: it.lang }, shipped));
      const regionF1 = tagF1(tagged.map((it, i) => ({ gold: it.regions ?? [], got: verdicts[i]!.regions })));
      const prefectureF1 = tagF1(tagged.map((it, i) => ({ gold: it.prefectures ?? [], got: verdicts[i]!.prefectures })));
      const extra = (v: number): Partial<BenchRow> => (goal ? { goal: '>= 0.97', met: v >= 0.97 } : {});
      row(`region tags F1, ${label} (n=${tagged.length})`, regionF1, extra(regionF1));
      row(`prefecture tags F1, ${label} (n=${tagged.length})`, prefectureF1, extra(prefectureF1));
    };
    tagRows('dev set relevant items', dev.filter((it) => it.relevant && it.regions), true);
    tagRows('corpus relevant items, writers\' convention', [...itemsOf(sets, 'train'), ...itemsOf(sets, 'unseen')].filter((it) => it.relevant && it.set.startsWith('corpus/')), false);

    const speed = itemsPerSecond(dev, (it) => classify({ id: it.id, title: it.title, text: it.text }, shipped));
    const naiveSpeed = itemsPerSecond(dev, naive, 100, 3);
    rows.push({ suite: 'classify', name: 'items/s on one core (best of 5 rounds)', value: Math.round(speed), unit: 'items/s', anchor: { name: 'naive baseline', value: Math.round(naiveSpeed) }, goal: '>= 5000', met: speed >= 5000 });
    return rows;
  },
};
