/**
 * How well the classifier generalises, measured four ways, each for the rules alone, the model alone (text
 * features only) and the combination that ships, per language:
 * - unseen: heldout2 and corpus/unseen-*, which nothing was trained or tuned on (the one figure to quote as unseen);
 * - story folds: 5-fold cross-validation over the training sets, reprints of a story kept in one fold;
 * - source folds: the same with whole publishers (or, for the team's sets, whole sets) held out;
 * - time split: trained on older items, measured on the newest quarter of the dated ones.
 * On the team's five sets the rules' figures are memory (the lexicons were tuned on them), which is why
 * every cross-validated figure is also given on the corpus items alone.
 */
import { classify } from '../classify.js';
import { ALL_FEATURES, type FeatureOptions } from '../features.js';
import type { Profile } from '../profile.js';
import {
  averagePrecision,
  fitVectors,
  groupedFolds,
  outOfFold,
  precisionRecallCurve,
  probabilityOf,
  scoresOf,
  type CurvePoint,
  type Scores,
} from './cross-validate.js';
import { itemsOf, sourceGroup, storyGroup, tunedByRules, type LabelledSet, type SetItem } from './dataset.js';
import { MIN_DF, TRAINING_SEED, FOLDS, TEAM_SET_WEIGHT, analyseAll, train, vectorsOf } from './train.js';

export const LANGS = ['all', 'ru', 'en', 'ja'] as const;
export type LangKey = (typeof LANGS)[number];

export const TEXT_ONLY: FeatureOptions = { text: true, rules: false };

// The baseline a reader would write first: a Russia word and a Japan word anywhere in the item.
const NAIVE_RUSSIA = /росси|\bрф\b|russia|ロシア|露/i;
const NAIVE_JAPAN = /япон|japan|日本|日ロ|日露/i;
export function naive(item: { title: string; text: string }): boolean {
  const all = `${item.title}\n${item.text}`;
  return NAIVE_RUSSIA.test(all) && NAIVE_JAPAN.test(all);
}

export interface Judged {
  id: string;
  lang: string;
  set: string;
  gold: boolean;
  /** The method's score (a probability for the models, the rule score for the rules, 0/1 for the baseline). */
  score: number;
  predicted: boolean;
}

export interface LangFigures extends Scores {
  averagePrecision: number;
  curve: CurvePoint[];
}

export type Report = Record<LangKey, LangFigures>;

export function reportOf(judged: Judged[]): Report {
  const out = {} as Report;
  for (const lang of LANGS) {
    const part = judged.filter((j) => lang === 'all' || j.lang === lang);
    const gold = part.map((j) => j.gold);
    const score = part.map((j) => j.score);
    out[lang] = { ...scoresOf(gold, part.map((j) => j.predicted)), averagePrecision: averagePrecision(gold, score), curve: precisionRecallCurve(gold, score) };
  }
  return out;
}

export interface Evaluation {
  unseen: { combination: Report; rules: Report; modelAlone: Report; naive: Report; n: number; judged: Judged[] };
  storyFolds: { combination: Report; modelAlone: Report; rules: Report; corpusOnly: { combination: Report; modelAlone: Report; rules: Report } };
  sourceFolds: { combination: Report; corpusOnly: Report };
  timeSplit: { cutoff: string; trainItems: number; testItems: number; combination: Report; modelAlone: Report; rules: Report };
  /** The shipped classifier on the items it was trained on: memory, not skill. */
  trainedOn: Report;
  modelAloneL2: number;
}

const isCorpus = (it: SetItem) => it.set.startsWith('corpus/');

function judge(items: SetItem[], score: number[], threshold: number | boolean[]): Judged[] {
  return items.map((it, i) => ({
    id: it.id,
    lang: it.lang,
    set: it.set,
    gold: it.relevant,
    score: score[i]!,
    predicted: Array.isArray(threshold) ? threshold[i]! : score[i]! >= threshold,
  }));
}

export interface EvaluateOptions {
  /** The profile without its model (rules alone), as training reads it. */
  rules: Profile;
  /** The profile as it ships, with its trained model. */
  shipped: Profile;
  sets: LabelledSet[];
  progress?: (message: string) => void;
}

export function evaluate(options: EvaluateOptions): Evaluation {
  const { rules, shipped, sets } = options;
  const model = shipped.model;
  if (!model) throw new Error('the shipped profile has no trained model to evaluate');
  const l2 = Number((model.spec.training as { l2?: number } | undefined)?.l2 ?? 1e-3);
  const threshold = model.spec.threshold;
  const trainItems = itemsOf(sets, 'train');
  const unseenItems = itemsOf(sets, 'unseen');
  const say = options.progress ?? (() => {});

  say(`features of ${trainItems.length} training and ${unseenItems.length} unseen items`);
  // One reading by the rules per item: every feature kind and the rules' own verdicts come from it.
  const trainAnalyses = analyseAll(trainItems, rules);
  const unseenAnalyses = analyseAll(unseenItems, rules);
  const full = vectorsOf(trainItems, trainAnalyses, ALL_FEATURES);
  const text = vectorsOf(trainItems, trainAnalyses, TEXT_ONLY);
  const unseenText = vectorsOf(unseenItems, unseenAnalyses, TEXT_ONLY);
  const weights = trainItems.map((it) => (tunedByRules(it) ? TEAM_SET_WEIGHT : 1));
  const ruleScores = trainAnalyses.map((a) => a.score);

  // The model alone gets the same treatment as the combination: its L2 and threshold by story-grouped CV.
  say('model alone: choosing L2 and threshold by cross-validation');
  const alone = train(text, { features: TEXT_ONLY, profileId: rules.id, l2Grid: [3e-4, 1e-3, 3e-3, 1e-2] });
  const aloneFit = fitVectors(text.vectors, text.labels, { l2: alone.chosenL2 }, MIN_DF, weights);
  const aloneThreshold = alone.spec.threshold;

  say('unseen sets');
  const shippedVerdicts = unseenItems.map((it) => classify({ id: it.id, title: it.title, text: it.text, lang: it.lang }, shipped));
  const unseenJudged = judge(unseenItems, shippedVerdicts.map((v) => v.score), shippedVerdicts.map((v) => v.relevant));
  const unseen = {
    combination: reportOf(unseenJudged),
    rules: reportOf(judge(unseenItems, unseenAnalyses.map((a) => a.score), unseenAnalyses.map((a) => a.relevant))),
    modelAlone: reportOf(judge(unseenItems, unseenText.vectors.map((v) => probabilityOf(aloneFit, v)), aloneThreshold)),
    naive: reportOf(judge(unseenItems, unseenItems.map((it) => (naive(it) ? 1 : 0)), 0.5)),
    n: unseenItems.length,
    judged: unseenJudged,
  };

  say('story folds');
  const storyOof = outOfFold(full.vectors, full.labels, groupedFoldsOf(trainItems, 'story'), { l2 }, MIN_DF, weights);
  const combinationStory = judge(trainItems, storyOof, threshold);
  const aloneStory = judge(trainItems, alone.outOfFold, aloneThreshold);
  const rulesJudged = judge(trainItems, ruleScores, full.rules);
  const corpus = (j: Judged[]) => j.filter((_, i) => isCorpus(trainItems[i]!));
  const storyFolds = {
    combination: reportOf(combinationStory),
    modelAlone: reportOf(aloneStory),
    rules: reportOf(rulesJudged),
    corpusOnly: { combination: reportOf(corpus(combinationStory)), modelAlone: reportOf(corpus(aloneStory)), rules: reportOf(corpus(rulesJudged)) },
  };

  say('source folds');
  const sourceOof = outOfFold(full.vectors, full.labels, groupedFoldsOf(trainItems, 'source'), { l2 }, MIN_DF, weights);
  const combinationSource = judge(trainItems, sourceOof, threshold);
  const sourceFolds = { combination: reportOf(combinationSource), corpusOnly: reportOf(corpus(combinationSource)) };

  say('time split');
  const dated = trainItems.map((it) => it.date).filter((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const cutoff = dated.length > 0 ? dated[Math.floor(dated.length * 0.75)]! : '9999-12-31';
  const isTest = trainItems.map((it) => typeof it.date === 'string' && it.date >= cutoff);
  const pick = <T>(xs: T[], test: boolean) => xs.filter((_, i) => isTest[i] === test);
  const older = { items: pick(trainItems, false), vectors: pick(full.vectors, false), labels: pick(full.labels, false), rules: pick(full.rules, false) };
  const olderText = { items: older.items, vectors: pick(text.vectors, false), labels: older.labels, rules: older.rules };
  const newer = pick(trainItems, true);
  let timeSplit: Evaluation['timeSplit'];
  if (older.items.length > 0 && newer.length > 0) {
    const comb = train(older, { features: ALL_FEATURES, profileId: rules.id, l2Grid: [l2] });
    const combFit = fitVectors(older.vectors, older.labels, { l2 }, MIN_DF, pick(weights, false));
    const alo = train(olderText, { features: TEXT_ONLY, profileId: rules.id, l2Grid: [alone.chosenL2] });
    const aloFit = fitVectors(olderText.vectors, olderText.labels, { l2: alone.chosenL2 }, MIN_DF, pick(weights, false));
    timeSplit = {
      cutoff,
      trainItems: older.items.length,
      testItems: newer.length,
      combination: reportOf(judge(newer, pick(full.vectors, true).map((v) => probabilityOf(combFit, v)), comb.spec.threshold)),
      modelAlone: reportOf(judge(newer, pick(text.vectors, true).map((v) => probabilityOf(aloFit, v)), alo.spec.threshold)),
      rules: reportOf(judge(newer, pick(ruleScores, true), pick(full.rules, true))),
    };
  } else {
    const empty = reportOf([]);
    timeSplit = { cutoff, trainItems: older.items.length, testItems: newer.length, combination: empty, modelAlone: empty, rules: empty };
  }

  const trainedVerdicts = trainItems.map((it) => classify({ id: it.id, title: it.title, text: it.text, lang: it.lang }, shipped));
  const trainedOn = reportOf(judge(trainItems, trainedVerdicts.map((v) => v.score), trainedVerdicts.map((v) => v.relevant)));
  return { unseen, storyFolds, sourceFolds, timeSplit, trainedOn, modelAloneL2: alone.chosenL2 };
}

function groupedFoldsOf(items: SetItem[], by: 'story' | 'source'): number[] {
  const groups = items.map(by === 'source' ? sourceGroup : storyGroup);
  return groupedFolds(groups, FOLDS, TRAINING_SEED);
}

