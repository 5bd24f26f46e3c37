/**
 * What the relevance model reads of an item: its words with the two sides abstracted, and the rule
 * layer's signals.
 *
 * Words are read with every matched actor or place replaced by its class (‹A› for side A, ‹B› for side B,
 * ‹J› for a joint term, ‹X› for a third country), so "амурская соя ушла в Японию" and "приморский краб
 * ушёл в Японию" share "уш ‹B›"-like features: the model learns how a relation is phrased around the
 * sides, not which region or product it was. Words in a sentence where both sides act get features of
 * their own (`p:`), since "партия", "покупатель", "отгрузка" mean a deal there and little elsewhere.
 * Latin and Cyrillic text gives stemmed words and word pairs; Japanese gives character pairs, since it
 * has no spaces and a tokenizer would add a dictionary to the Lambda.
 *
 * Each group of text features is scaled to unit length, so a long official text and a three-line wire
 * item weigh alike; rule signals are already in 0–1.
 */
import type { Lang } from '../core/types.js';
import type { AnalysedSentence, RuleAnalysis, SpanClass } from './rules.js';

/** A sparse feature vector: feature name → value. */
export type FeatureVector = Map<string, number>;

/** Which features to read: the model alone reads only the text, the combination reads the rule signals too. */
export interface FeatureOptions {
  text: boolean;
  rules: boolean;
}

export const ALL_FEATURES: FeatureOptions = { text: true, rules: true };

const PLACEHOLDER: Record<SpanClass, string> = { a: '‹A›', b: '‹B›', joint: '‹J›', third: '‹X›' };
// One private-use character per class stands in for a span inside Japanese text, so character pairs can cross it.
const CJK_PLACEHOLDER: Record<SpanClass, string> = { a: '\uE001', b: '\uE002', joint: '\uE003', third: '\uE004' };
const CJK_READABLE: Record<string, string> = { '\uE001': '‹A›', '\uE002': '‹B›', '\uE003': '‹J›', '\uE004': '‹X›' };
/** Kana, ideographs and the class characters: a code-unit test, since a regex per character is the slow part. */
function isCjkUnit(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xe001 && c <= 0xe004);
}
const DIGITS = /^\d+$/;
/** One-letter words ('в', 'и', 'a') are in every text and say nothing alone. */
const MIN_WORD_CHARS = 2;

/** The sentence's words, stemmed, with each matched span read as its class. */
function abstractWords(s: AnalysedSentence): string[] {
  const out: string[] = [];
  let span = 0;
  let lastSpan = -1;
  for (const t of s.tokens) {
    while (span < s.spans.length && s.spans[span]!.end <= t.start) span++;
    const sp = s.spans[span];
    if (sp && sp.start <= t.start && t.end <= sp.end) {
      // A multi-word name ('префектура Ниигата', 'Russian Far East') is one class word, not several.
      if (lastSpan !== span) out.push(PLACEHOLDER[sp.cls]);
      lastSpan = span;
      continue;
    }
    lastSpan = -1;
    if (DIGITS.test(t.lower)) out.push('#');
    else if (t.lower.length >= MIN_WORD_CHARS || t.stem.length >= MIN_WORD_CHARS) out.push(t.stem);
  }
  return out;
}

/** The sentence's Japanese character pairs, with each matched span read as one class character. */
function cjkPairs(s: AnalysedSentence): string[] {
  let text = '';
  let at = 0;
  for (const sp of s.spans) {
    if (sp.start < at) continue;
    text += s.text.slice(at, sp.start) + CJK_PLACEHOLDER[sp.cls];
    at = sp.end;
  }
  text += s.text.slice(at);
  const out: string[] = [];
  let prev = false;
  for (let i = 0; i < text.length; i++) {
    const cjk = isCjkUnit(text.charCodeAt(i));
    if (cjk && prev) out.push(text.slice(i - 1, i + 1));
    prev = cjk;
  }
  return out;
}

/** A feature name as a person reads it in evidence: class characters back to ‹A›, ‹B›… */
export function readableFeature(name: string): string {
  return name.replace(/[\uE001-\uE004]/g, (c) => CJK_READABLE[c] ?? c);
}

function addGroup(v: FeatureVector, prefix: string, names: Iterable<string>): void {
  const set = new Set<string>();
  for (const n of names) set.add(n);
  if (set.size === 0) return;
  const value = 1 / Math.sqrt(set.size);
  for (const n of set) v.set(prefix + n, value);
}

const cap = (n: number, max: number): number => Math.min(n, max) / max;

function addRuleSignals(v: FeatureVector, r: RuleAnalysis): void {
  const s = r.signals;
  const set = (name: string, value: number): void => {
    if (value !== 0) v.set(`r:${name}`, Math.round(value * 1e6) / 1e6);
  };
  set('score', cap(r.score, 8));
  set('relevant', r.relevant ? 1 : 0);
  for (const f of ['title', 'lead', 'text'] as const) {
    set(`pairs.${f}`, cap(s.pairs[f], 3));
    set(`related.${f}`, cap(s.relatedPairs[f], 3));
  }
  set('title.a', s.titleSides.a);
  set('title.b', s.titleSides.b);
  set('any.a', s.anySide.a ? 1 : 0);
  set('any.b', s.anySide.b ? 1 : 0);
  set('b-share', s.sideBShare);
  set('third', cap(s.thirdCountries, 3));
  set('joint', s.joint ? 1 : 0);
  set('incident', s.incident ? 1 : 0);
  set('place-pair', s.placePair ? 1 : 0);
  set('natural-event', s.naturalEvent ? 1 : 0);
  set('personal-travel', s.personalTravel ? 1 : 0);
  set('institution', s.institution ? 1 : 0);
  set('regions', cap(s.regions, 2));
  set('prefectures', cap(s.prefectures, 2));
}

/**
 * The feature vector of an item the rules have read. Feature names carry their group:
 * `u:` word, `b:` word pair, `t:` title word, `p:` word in a sentence where both sides act,
 * `j:`/`jt:`/`jp:` the same for Japanese character pairs, `r:` rule signals, `lang:` the language.
 */
export function featuresOf(analysis: RuleAnalysis, lang: Lang, options: FeatureOptions = ALL_FEATURES): FeatureVector {
  const v: FeatureVector = new Map();
  v.set(`lang:${lang}`, 1);
  if (options.text) {
    const words: string[] = [];
    const pairs: string[] = [];
    const titleWords: string[] = [];
    const pairWords: string[] = [];
    const cjk: string[] = [];
    const titleCjk: string[] = [];
    const pairCjk: string[] = [];
    for (const s of analysis.sentences) {
      const w = abstractWords(s);
      words.push(...w);
      for (let i = 0; i + 1 < w.length; i++) pairs.push(`${w[i]}_${w[i + 1]}`);
      if (s.field === 'title') titleWords.push(...w);
      if (s.pair) pairWords.push(...w);
      if (s.hasCjk) {
        const c = cjkPairs(s);
        cjk.push(...c);
        if (s.field === 'title') titleCjk.push(...c);
        if (s.pair) pairCjk.push(...c);
      }
    }
    addGroup(v, 'u:', words);
    addGroup(v, 'b:', pairs);
    addGroup(v, 't:', titleWords);
    addGroup(v, 'p:', pairWords);
    addGroup(v, 'j:', cjk);
    addGroup(v, 'jt:', titleCjk);
    addGroup(v, 'jp:', pairCjk);
  }
  if (options.rules) addRuleSignals(v, analysis);
  return v;
}
