import type { Classification, ClassifyInput, Evidence, Lang } from '../core/types.js';
import { detectLang } from './detect-lang.js';
import { ClassifyInputError } from './errors.js';
import { loadProfile, type Profile } from './profile.js';
import { tagPlaces, type PlaceMention } from './place-tags.js';
import { CJK, type TermMatch } from './term-index.js';
import { sentencesOf, tokenize, type Sentence } from './tokenize.js';

export { ClassifyInputError } from './errors.js';
export { loadProfile, type Profile } from './profile.js';
export { detectLang } from './detect-lang.js';

const DEFAULT_MAX_INPUT_CHARS = 200_000;
const MAX_EVIDENCE = 60;

/** What one sentence says about the two sides. */
interface SentenceFacts {
  field: Sentence['field'];
  a: number;
  b: number;
  relation: boolean;
  thirdCountries: Set<string>;
}

/**
 * Decides whether an item is about relations between the profile's two sides (Russia and Japan by default)
 * and explains why.
 *
 * The score sums, over sentences, how strongly both sides stand together as actors (capped at one each),
 * weighted by field (title > lead > body), halved-or-less when no relation cue stands beside them, and
 * divided among third countries named in the same sentence (lists of export destinations). The sum is then
 * scaled by the share of side B among side B plus third countries, so a Russia–China story that names Japan
 * once stays low. Regions and prefectures are tagged only where they act (see place-tags.ts).
 *
 * @throws ClassifyInputError for empty input, a language the profile does not follow, or input over the size limit.
 * @example classify({ id: '1', title: 'Делегация префектуры Тоттори посетила Приморье', text: '' }).relevant // true
 */
export function classify(input: ClassifyInput, profile: Profile = loadProfile()): Classification {
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

  const w = spec.weights;
  const evidence = new Map<string, Evidence>();
  const note = (term: string, kind: string, field: Evidence['field'], weight: number): void => {
    const key = kind + field + term;
    const seen = evidence.get(key);
    if (seen) seen.weight = round(seen.weight + weight);
    else evidence.set(key, { term, kind, field, weight: round(weight) });
  };

  const facts: SentenceFacts[] = [];
  const mentions: PlaceMention[] = [];
  const topicScore = new Map<string, number>();
  let sideB = 0;
  let third = 0;

  sentencesOf(title, text, w.leadChars).forEach((sentence, index) => {
    const fw = w.fields[sentence.field];
    const tokens = tokenize(sentence.text);
    const hasCjk = CJK.test(sentence.text);
    const f: SentenceFacts = { field: sentence.field, a: 0, b: 0, relation: false, thirdCountries: new Set() };

    for (const m of profile.actors.match(sentence.text, tokens, hasCjk)) {
      for (const e of m.entries) {
        if (e.place) {
          mentions.push({ side: e.place.side, id: e.place.id, sentence: index, field: sentence.field, capital: e.place.capital, venue: e.place.capital && m.venueForm });
          // A place is an actor of its side; a bare capital venue only weakly so.
          const weight = e.place.capital && m.venueForm ? 0.8 : 1;
          if (e.place.side === 'a') f.a += weight;
          else f.b += weight;
          note(m.surface, e.kind, sentence.field, fw * weight);
        } else if (e.kind === 'joint') {
          f.a += w.jointTerm;
          f.b += w.jointTerm;
          f.relation = true;
          note(m.surface, 'joint', sentence.field, fw * w.jointTerm);
        } else if (e.kind === profile.sideIds.a) {
          f.a += e.weight;
          note(m.surface, e.kind, sentence.field, fw * e.weight);
        } else {
          f.b += e.weight;
          note(m.surface, e.kind, sentence.field, fw * e.weight);
        }
      }
    }
    // Relation cues, third countries and topics only matter where there is something to relate.
    if (f.a > 0 || f.b > 0) {
      for (const m of profile.relation.match(sentence.text, tokens, hasCjk)) {
        f.relation = true;
        if (f.a > 0 && f.b > 0) note(m.surface, 'relation', sentence.field, fw);
      }
    }
    for (const m of profile.thirdCountries.match(sentence.text, tokens, hasCjk)) {
      const e = m.entries[0]!;
      f.thirdCountries.add(m.surface.toLowerCase());
      third += fw * e.weight;
      note(m.surface, 'third-country', sentence.field, fw * e.weight);
    }
    for (const m of profile.topics.match(sentence.text, tokens, hasCjk)) {
      for (const e of m.entries) {
        topicScore.set(e.topic!, (topicScore.get(e.topic!) ?? 0) + fw * e.weight);
        note(m.surface, e.kind, sentence.field, fw * e.weight);
      }
    }
    sideB += fw * f.b;
    facts.push(f);
  });

  let pairs = 0;
  for (const f of facts) {
    if (f.a <= 0 || f.b <= 0) continue;
    const together = Math.min(1, f.a) * Math.min(1, f.b);
    pairs += (w.fields[f.field] * together * (f.relation ? 1 : w.pairWithoutRelation)) / (1 + f.thirdCountries.size);
  }
  const share = sideB + third > 0 ? sideB / (sideB + third) : 0;
  const score = round(pairs * share ** w.thirdCountryShareExponent);
  const places = tagPlaces(mentions, facts);
  const relevant = score >= spec.threshold;

  const topics = [...topicScore.entries()]
    .filter(([, s]) => s >= w.topicThreshold)
    .sort((x, y) => y[1] - x[1])
    .slice(0, w.maxTopics)
    .map(([t]) => t);

  return {
    id: input.id,
    relevant,
    score,
    lang,
    regions: places.a,
    prefectures: places.b,
    topics,
    evidence: pickEvidence([...evidence.values()]),
  };
}

const FIELD_ORDER = { title: 0, lead: 1, text: 2 } as const;

// Actors and relation cues explain the decision best; topic cues are many and least telling, so they go last.
function pickEvidence(all: Evidence[]): Evidence[] {
  const rank = (e: Evidence): number => (e.kind.startsWith('topic:') ? 1 : 0);
  return all
    .sort((x, y) => rank(x) - rank(y) || y.weight - x.weight || FIELD_ORDER[x.field] - FIELD_ORDER[y.field])
    .slice(0, MAX_EVIDENCE)
    .sort((x, y) => FIELD_ORDER[x.field] - FIELD_ORDER[y.field] || rank(x) - rank(y) || y.weight - x.weight);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export type { TermMatch };
