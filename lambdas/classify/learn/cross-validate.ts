/**
 * Vocabulary, folds and figures for training and measuring the relevance model.
 *
 * Every split keeps a group whole: reprints of one story (story folds), one publisher (source folds), or
 * everything after a day (the time split), so a figure never rewards remembering the other half of a story.
 * The vocabulary of each fit is built from that fit's training rows only.
 */
import type { FeatureVector } from '../features.js';
import { fitLogistic, predictProbability, type FitOptions, type FittedModel, type SparseRow } from './logistic.js';

export interface Vocabulary {
  names: string[];
  index: Map<string, number>;
}

/** Features seen in at least `minDf` of the given vectors; rarer ones are noise a model would memorise. */
export function buildVocabulary(vectors: FeatureVector[], minDf: number): Vocabulary {
  const df = new Map<string, number>();
  for (const v of vectors) for (const name of v.keys()) df.set(name, (df.get(name) ?? 0) + 1);
  const names = [...df.entries()]
    .filter(([name, n]) => n >= minDf || !/^(?:u|b|t|p|j|jt|jp):/.test(name))
    .map(([name]) => name)
    .sort();
  return { names, index: new Map(names.map((n, i) => [n, i])) };
}

export function toRow(v: FeatureVector, vocab: Vocabulary, label: boolean, weight?: number): SparseRow {
  const index: number[] = [];
  const value: number[] = [];
  for (const [name, x] of v) {
    const i = vocab.index.get(name);
    if (i !== undefined) {
      index.push(i);
      value.push(x);
    }
  }
  const row: SparseRow = { index: Int32Array.from(index), value: Float64Array.from(value), label: label ? 1 : 0 };
  if (weight !== undefined && weight !== 1) row.weight = weight;
  return row;
}

export interface TrainedVectors {
  vocab: Vocabulary;
  model: FittedModel;
}

export function fitVectors(vectors: FeatureVector[], labels: boolean[], fit: FitOptions, minDf: number, weights?: number[]): TrainedVectors {
  const vocab = buildVocabulary(vectors, minDf);
  const rows = vectors.map((v, i) => toRow(v, vocab, labels[i]!, weights?.[i]));
  return { vocab, model: fitLogistic(rows, vocab.names.length, fit) };
}

export function probabilityOf(trained: TrainedVectors, v: FeatureVector): number {
  return predictProbability(toRow(v, trained.vocab, false), trained.model);
}

/** A small seeded generator (mulberry32), so fold assignment is the same on every run and machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Assigns each item a fold in 0..k-1 so that a group never spans two folds. Groups are shuffled with the
 * seed, then each goes to the fold with the fewest items so far, largest groups first, so folds stay even.
 */
export function groupedFolds(groups: string[], k: number, seed: number): number[] {
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g) ?? [];
    list.push(i);
    members.set(g, list);
  });
  const random = seededRandom(seed);
  const order = [...members.keys()].sort();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  // Stable sort keeps the shuffled order among groups of one size.
  order.sort((x, y) => members.get(y)!.length - members.get(x)!.length);
  const sizes = new Array<number>(k).fill(0);
  const fold = new Array<number>(groups.length).fill(0);
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if (sizes[f]! < sizes[best]!) best = f;
    for (const i of members.get(g)!) fold[i] = best;
    sizes[best]! += members.get(g)!.length;
  }
  return fold;
}

/** Probabilities for every item from a model that never saw its fold. */
export function outOfFold(vectors: FeatureVector[], labels: boolean[], folds: number[], fit: FitOptions, minDf: number, weights?: number[]): number[] {
  const k = Math.max(...folds) + 1;
  const out = new Array<number>(vectors.length).fill(Number.NaN);
  for (let f = 0; f < k; f++) {
    const train = folds.map((x, i) => (x === f ? -1 : i)).filter((i) => i >= 0);
    if (train.length === 0 || train.length === vectors.length) continue;
    const trained = fitVectors(train.map((i) => vectors[i]!), train.map((i) => labels[i]!), fit, minDf, weights && train.map((i) => weights[i]!));
    folds.forEach((x, i) => {
      if (x === f) out[i] = probabilityOf(trained, vectors[i]!);
    });
  }
  return out;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  n: number;
  positives: number;
}

export function scoresOf(gold: boolean[], predicted: boolean[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    if (predicted[i] && g) tp++;
    else if (predicted[i]) fp++;
    else if (g) fn++;
  });
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, n: gold.length, positives: tp + fn };
}

/** Mean log-loss of probabilities: how well calibrated they are, not only how well ranked. */
export function logLoss(gold: boolean[], p: number[]): number {
  let sum = 0;
  gold.forEach((g, i) => {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]!));
    sum -= g ? Math.log(q) : Math.log(1 - q);
  });
  return sum / gold.length;
}

export interface CurvePoint {
  threshold: number;
  precision: number;
  recall: number;
}

/** Precision and recall at every distinct score, highest threshold first. */
export function precisionRecallCurve(gold: boolean[], score: number[]): CurvePoint[] {
  const order = score.map((s, i) => i).sort((x, y) => score[y]! - score[x]!);
  const positives = gold.filter(Boolean).length;
  const points: CurvePoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (gold[i]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next !== undefined && score[next] === score[i]) continue;
    points.push({ threshold: score[i]!, precision: tp / (tp + fp), recall: positives === 0 ? 1 : tp / positives });
  }
  return points;
}

/** Average precision: the area under the precision–recall curve, as a step function. */
export function averagePrecision(gold: boolean[], score: number[]): number {
  let ap = 0;
  let lastRecall = 0;
  for (const p of precisionRecallCurve(gold, score)) {
    ap += (p.recall - lastRecall) * p.precision;
    lastRecall = p.recall;
  }
  return ap;
}

/**
 * The threshold that makes the weaker of precision and recall as high as it can be on out-of-fold
 * probabilities (ties go to the better F1). The goal holds both at once (each ≥ 0.95), and a feed lives on
 * its precision, so the F1 optimum, which on this data buys recall with precision, is the wrong target.
 * Where a range of thresholds ties, the middle of the range is taken (in log-odds), so the choice does not
 * sit on the edge of one item's score.
 */
export function chooseThreshold(gold: boolean[], p: number[]): { threshold: number; scores: Scores } {
  const candidates = [...new Set(p)].sort((x, y) => x - y);
  let best = [-1, -1];
  let lo = 0.5;
  let hi = 0.5;
  let onBest = false;
  for (const t of candidates) {
    const s = scoresOf(gold, p.map((x) => x >= t));
    const key = [Math.min(s.precision, s.recall), s.f1];
    const cmp = Math.abs(key[0]! - best[0]!) > 1e-12 ? key[0]! - best[0]! : key[1]! - best[1]!;
    if (cmp > 1e-12) {
      best = key;
      lo = hi = t;
      onBest = true;
    } else if (Math.abs(cmp) <= 1e-12 && onBest) hi = t;
    else onBest = false;
  }
  // Between the last score kept and the next score below it, in log-odds, so neither item sits on the line.
  const below = candidates.filter((x) => x < lo).pop() ?? lo / 2;
  const logit = (x: number) => Math.log(x / (1 - x));
  const top = Math.min(hi, 1 - 1e-9);
  const mid = (logit(Math.max(below, 1e-9)) + logit(top)) / 2;
  const threshold = Math.min(0.99, Math.max(0.01, 1 / (1 + Math.exp(-mid))));
  return { threshold, scores: scoresOf(gold, p.map((x) => x >= threshold)) };
}
