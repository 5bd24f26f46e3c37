import type { Classification, ClassifyInput, Evidence, Lang } from '../core/types.js';
import { detectLang } from './detect-lang.js';
import { ClassifyInputError } from './errors.js';
import { featuresOf, readableFeature } from './features.js';
import { logOdds, sigmoid, strongestContributions } from './model.js';
import { loadProfile, type Profile } from './profile.js';
import { analyseRules, type RuleAnalysis } from './rules.js';

export { ClassifyInputError } from './errors.js';
export { loadProfile, type Profile } from './profile.js';
export { detectLang } from './detect-lang.js';

const DEFAULT_MAX_INPUT_CHARS = 200_000;
/** Model features shown beside the rule evidence: enough to say why, few enough to read. */
const MODEL_EVIDENCE = 8;

/** The checked language of an input, or the reason it cannot be classified. */
function checkedLang(input: ClassifyInput, profile: Profile): Lang {
  const title = typeof input.title === 'string' ? input.title : '';
  const text = typeof input.text === 'string' ? input.text : '';
  const { spec } = profile;
  const maxChars = spec.weights.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  if (title.trim() === '' && text.trim() === '') throw new ClassifyInputError('empty text: both "title" and "text" are empty');
  if (title.length + text.length > maxChars) {
    throw new ClassifyInputError(
      `text too long: ${title.length + text.length} characters, the limit is ${maxChars}; pass the extracted article, not a whole page or archive`,
    );
  }
  const lang: Lang = input.lang && input.lang.trim() !== '' ? input.lang.trim().toLowerCase() : detectLang(`${title}\n${text}`);
  if (!spec.languages.includes(lang)) {
    const how = input.lang ? 'given' : 'detected';
    throw new ClassifyInputError(`unsupported language "${lang}" (${how}); profile ${spec.id} reads ${spec.languages.join(', ')}`);
  }
  return lang;
}

/** Reads an item with the profile's rules only; the model's training and the bench use it to build features. */
export function analyse(input: ClassifyInput, profile: Profile = loadProfile()): RuleAnalysis {
  return analyseRules(input, checkedLang(input, profile), profile);
}

/**
 * Decides whether an item is about relations between the profile's two sides (Russia and Japan by default)
 * and explains why.
 *
 * The profile's rules read the item first (rules.ts: actors of both sides, places, relation cues, third
 * countries, field weights). When the profile has a trained model, the model decides: a logistic regression
 * over the rules' signals and the item's words with the sides abstracted (features.ts), whose `score` is the
 * probability that the item is relevant, compared with the threshold chosen by cross-validation. Evidence is
 * the rules' matches followed by the model features that moved the verdict most (`model:*`, signed).
 * Without a model the rules decide alone and `score` is the rule score (see the classify README).
 *
 * @throws ClassifyInputError for empty input, a language the profile does not follow, or input over the size limit.
 * @example classify({ id: '1', title: 'Делегация префектуры Тоттори посетила Приморье', text: '' }).relevant // true
 */
export function classify(input: ClassifyInput, profile: Profile = loadProfile()): Classification {
  const rules = analyse(input, profile);
  const verdict = (relevant: boolean, score: number, evidence: Evidence[]): Classification => ({
    id: input.id,
    relevant,
    score,
    lang: rules.lang,
    regions: rules.regions,
    prefectures: rules.prefectures,
    topics: rules.topics,
    evidence,
  });
  const model = profile.model;
  if (!model) return verdict(rules.relevant, rules.score, rules.evidence);

  const features = featuresOf(rules, rules.lang, model.features);
  const probability = sigmoid(logOdds(model, features));
  const evidence: Evidence[] = [...rules.evidence];
  for (const c of strongestContributions(model, features, MODEL_EVIDENCE)) {
    const [group, ...rest] = c.feature.split(':');
    evidence.push({
      term: readableFeature(rest.join(':')),
      kind: `model:${group}`,
      field: group === 't' || group === 'jt' ? 'title' : 'text',
      weight: Math.round(c.value * 1000) / 1000,
    });
  }
  return verdict(probability >= model.spec.threshold, Math.round(probability * 10000) / 10000, evidence);
}
