/**
 * The rule layer of the classifier: actors of both sides, places, relation cues, third countries and
 * field weights, read from the profile's lexicons. Its verdict stands alone for a profile without a
 * trained model; with one, its signals and the spans it matched become the model's features.
 */
import type { ClassifyInput, Evidence, Lang } from '../core/types.js';
import { NOT_ACTOR, type Profile } from './profile.js';
import { LIST_PLACES, tagPlaces, type PlaceMention } from './place-tags.js';
import { CJK } from './term-index.js';
import { datelineOf, halfWidth, sentencesOf, tokenize, type Sentence, type Token } from './tokenize.js';

const MAX_EVIDENCE = 60;

/** What a matched span stands for, as the model reads it: a side's actor or place, a joint term, a third country. */
export type SpanClass = 'a' | 'b' | 'joint' | 'third';

export interface MatchedSpan {
  start: number;
  end: number;
  cls: SpanClass;
}

/** One sentence as the rules read it, kept for the model's text features. */
export interface AnalysedSentence {
  field: Sentence['field'];
  text: string;
  tokens: Token[];
  hasCjk: boolean;
  spans: MatchedSpan[];
  /** Both sides act in this sentence. */
  pair: boolean;
}

/** The rule layer's summary of an item: what the model takes beside the words. */
export interface RuleSignals {
  /** Sentences where both sides act, by field. */
  pairs: { title: number; lead: number; text: number };
  /** Of those, sentences with a relation cue (or a joint term). */
  relatedPairs: { title: number; lead: number; text: number };
  /** The strongest side weight (capped at 1) seen in the title, each side. */
  titleSides: { a: number; b: number };
  /** Either side named anywhere. */
  anySide: { a: boolean; b: boolean };
  /** Share of side B among side B and third countries (1 when no third country). */
  sideBShare: number;
  thirdCountries: number;
  joint: boolean;
  incident: boolean;
  placePair: boolean;
  naturalEvent: boolean;
  personalTravel: boolean;
  institution: boolean;
  regions: number;
  prefectures: number;
}

export interface RuleAnalysis {
  lang: Lang;
  score: number;
  relevant: boolean;
  regions: string[];
  prefectures: string[];
  topics: string[];
  evidence: Evidence[];
  signals: RuleSignals;
  sentences: AnalysedSentence[];
}

/** What one sentence says about the two sides. */
interface SentenceFacts {
  field: Sentence['field'];
  a: number;
  b: number;
  /** The strongest relation cue in the sentence (its weight, at most 1); 0 when there is none. */
  relation: number;
  thirdCountries: Set<string>;
  /** Distinct non-capital gazetteer places of each side named in the sentence. */
  placesA: Set<string>;
  placesB: Set<string>;
  /** A capital of each side named as an actor, not as a venue ('Tokyo urges Moscow'). */
  capitalA: boolean;
  capitalB: boolean;
  /** An earthquake or a storm: it names places of both sides without relating them. */
  naturalEvent: boolean;
  /** A joint term stands in the sentence ('российско-японский', '日露'). */
  joint: boolean;
  /** The strongest non-place actor weight of either side: 1.2 and more is an institution (a company, a ministry). */
  strongestActor: number;
  /** An incident cue (detention, seizure, protest): one side acting on the other. */
  incident: boolean;
  /** A person's own trip or travel story ('рассказала о поездке', 'travel blog'). */
  personalTravel: boolean;
}

/** A capital written as a venue ('в Москве', 'in Tokyo', a dateline) is only weakly an actor of its side. */
const VENUE_CAPITAL = 0.8;

/** An actor of this weight or more is an institution (a company, a ministry, a delegation), not a country or a person. */
const INSTITUTION = 1.2;

/**
 * Decides by the profile's lexicons alone whether an item is about relations between its two sides, and
 * explains why.
 *
 * The score sums, over sentences, how strongly both sides stand together as actors (capped at one each),
 * weighted by field (title > lead > body), by the strongest relation cue beside them (about a third without
 * one, a half when they are a region and a prefecture), and divided among third countries named in the same
 * sentence (lists of export destinations). The sum is then
 * scaled by the share of side B among side B plus third countries, so a Russia–China story that names Japan
 * once stays low. Regions and prefectures are tagged only where they act (see place-tags.ts).
 * The input is taken as checked (classify.ts checks it): `lang` is the item's language.
 */
export function analyseRules(input: ClassifyInput, lang: Lang, profile: Profile): RuleAnalysis {
  const title = typeof input.title === 'string' ? input.title : '';
  const text = typeof input.text === 'string' ? input.text : '';
  const { spec } = profile;
  const w = spec.weights;
  const evidence = new Map<string, Evidence>();
  const note = (term: string, kind: string, field: Evidence['field'], weight: number): void => {
    const key = kind + field + term;
    const seen = evidence.get(key);
    if (seen) seen.weight = round(seen.weight + weight);
    else evidence.set(key, { term, kind, field, weight: round(weight) });
  };

  const facts: SentenceFacts[] = [];
  const analysed: AnalysedSentence[] = [];
  const mentions: PlaceMention[] = [];
  const topicScore = new Map<string, number>();
  let sideB = 0;
  let third = 0;

  // The dateline says where the story happens, so its place also stands beside the title's actors:
  // 'Бывший завод Toyota в Шушарах…' filed from САНКТ-ПЕТЕРБУРГ is a Japanese plant in St Petersburg.
  const dateline = halfWidth(datelineOf(text));
  const datelineTokens = dateline === '' ? [] : tokenize(dateline);
  const datelineMatches = dateline === '' ? [] : profile.actors.match(dateline, datelineTokens, CJK.test(dateline));
  const datelineThird = dateline === '' ? [] : profile.thirdCountries.match(dateline, datelineTokens, CJK.test(dateline));

  sentencesOf(title, text, w.leadChars).forEach((sentence, index) => {
    const fw = w.fields[sentence.field];
    const tokens = tokenize(sentence.text);
    const hasCjk = CJK.test(sentence.text);
    const f: SentenceFacts = {
      field: sentence.field,
      a: 0,
      b: 0,
      relation: 0,
      thirdCountries: new Set(),
      placesA: new Set(),
      placesB: new Set(),
      capitalA: false,
      capitalB: false,
      naturalEvent: false,
      joint: false,
      strongestActor: 0,
      incident: false,
      personalTravel: false,
    };
    const spans: MatchedSpan[] = [];

    if (sentence.field === 'title') {
      for (const m of datelineMatches) {
        for (const e of m.entries) {
          if (!e.place) continue;
          const weight = e.place.capital ? VENUE_CAPITAL : 1;
          if (e.place.side === 'a') f.a += weight;
          else f.b += weight;
          note(m.surface, `dateline:${e.kind}`, sentence.field, fw * weight);
        }
      }
      for (const m of datelineThird) f.thirdCountries.add(m.surface.toLowerCase());
    }

    for (const m of profile.actors.match(sentence.text, tokens, hasCjk)) {
      const cls = spanClassOf(m.entries, profile.sideIds.a);
      if (cls) spans.push({ start: m.start, end: m.end, cls });
      for (const e of m.entries) {
        if (e.kind === NOT_ACTOR) continue;
        if (e.place) {
          mentions.push({ side: e.place.side, id: e.place.id, sentence: index, field: sentence.field, capital: e.place.capital, venue: e.place.capital && m.venueForm });
          // A place is an actor of its side; a bare capital venue only weakly so.
          const weight = e.place.capital && m.venueForm ? VENUE_CAPITAL : 1;
          if (e.place.side === 'a') f.a += weight;
          else f.b += weight;
          if (!e.place.capital) (e.place.side === 'a' ? f.placesA : f.placesB).add(e.place.id);
          else if (!m.venueForm) {
            if (e.place.side === 'a') f.capitalA = true;
            else f.capitalB = true;
          }
          note(m.surface, e.kind, sentence.field, fw * weight);
        } else if (e.kind === 'joint') {
          // A joint term is both sides and their relation; an ambiguous one ('former islanders') weighs less.
          const weight = w.jointTerm * e.weight;
          f.a += weight;
          f.b += weight;
          f.relation = 1;
          f.joint = true;
          note(m.surface, 'joint', sentence.field, fw * weight);
        } else if (e.kind === profile.sideIds.a) {
          f.a += e.weight;
          f.strongestActor = Math.max(f.strongestActor, e.weight);
          note(m.surface, e.kind, sentence.field, fw * e.weight);
        } else {
          f.b += e.weight;
          f.strongestActor = Math.max(f.strongestActor, e.weight);
          note(m.surface, e.kind, sentence.field, fw * e.weight);
        }
      }
    }
    // Relation cues, third countries and topics only matter where there is something to relate.
    if (f.placesA.size > 0 && f.placesB.size > 0) {
      const event = profile.naturalEvents.match(sentence.text, tokens, hasCjk)[0];
      if (event) {
        f.naturalEvent = true;
        note(event.surface, 'natural-event', sentence.field, fw);
      }
    }
    if (f.a > 0 || f.b > 0) {
      for (const m of profile.relation.match(sentence.text, tokens, hasCjk)) {
        const strength = Math.min(1, m.entries[0]!.weight);
        f.relation = Math.max(f.relation, strength);
        if (f.a > 0 && f.b > 0) note(m.surface, 'relation', sentence.field, fw * strength);
      }
      for (const m of profile.incidents.match(sentence.text, tokens, hasCjk)) {
        const strength = Math.min(1, m.entries[0]!.weight);
        f.incident = true;
        f.relation = Math.max(f.relation, strength);
        note(m.surface, 'incident', sentence.field, fw * strength);
      }
      const trip = profile.personalTravel.match(sentence.text, tokens, hasCjk)[0];
      if (trip) {
        f.personalTravel = true;
        note(trip.surface, 'personal-travel', sentence.field, fw);
      }
    }
    for (const m of profile.thirdCountries.match(sentence.text, tokens, hasCjk)) {
      const e = m.entries[0]!;
      spans.push({ start: m.start, end: m.end, cls: 'third' });
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
    // A headline naming both capitals as actors ('Токио призвал Москву…') names the two governments dealing with each other.
    if (sentence.field === 'title' && f.capitalA && f.capitalB) f.relation = 1;
    sideB += fw * f.b;
    facts.push(f);
    spans.sort((x, y) => x.start - y.start);
    analysed.push({ field: sentence.field, text: sentence.text, tokens, hasCjk, spans, pair: false });
  });

  // An incident in a title that names one side ('Japan protests detention of Hokkaido crab boat') implies the other:
  // the detaining side named in the lead stands beside it, at incidentCarry at most.
  const carry = w.incidentCarry ?? 0.5;
  const leadSide = (side: 'a' | 'b'): number => Math.max(0, ...facts.filter((f) => f.field === 'lead').map((f) => Math.min(1, f[side])));
  for (const f of facts) {
    if (f.field !== 'title' || !f.incident || f.thirdCountries.size > 0) continue;
    if (f.a > 0 && f.b <= 0) f.b = Math.min(carry, leadSide('b'));
    else if (f.b > 0 && f.a <= 0) f.a = Math.min(carry, leadSide('a'));
  }

  // A travel story in the title ('Красноярская путешественница рассказала о поездке…') frames the whole item.
  const travelStory = facts.some((f) => f.field === 'title' && f.personalTravel);
  const signalPairs = { title: 0, lead: 0, text: 0 };
  const relatedPairs = { title: 0, lead: 0, text: 0 };
  let anyPlacePair = false;
  let pairs = 0;
  const placePairWithoutRelation = w.placePairWithoutRelation ?? w.pairWithoutRelation;
  facts.forEach((f, i) => {
    if (f.a <= 0 || f.b <= 0) return;
    analysed[i]!.pair = true;
    signalPairs[f.field]++;
    if (f.relation > 0) relatedPairs[f.field]++;
    const together = Math.min(1, f.a) * Math.min(1, f.b);
    // A person's own trip ('рассказала о поездке по Японии') is no relation between the two sides: its meeting or
    // visit cue counts no more than a bare pair, in its sentence and, when the title tells the trip, in every
    // sentence; unless a joint term or an institution acts in the sentence too.
    if ((f.personalTravel || travelStory) && !f.joint && f.strongestActor < INSTITUTION) {
      pairs += (w.fields[f.field] * together * w.pairWithoutRelation) / (1 + f.thirdCountries.size);
      return;
    }
    // A region and a prefecture named together ('Sakhalin food makers … at Sapporo expo') are partners even
    // without a relation word; not in a list of three or more places, nor when a quake or a storm links them.
    const placePair = f.placesA.size > 0 && f.placesB.size > 0 && f.placesA.size + f.placesB.size < LIST_PLACES && !f.naturalEvent;
    if (placePair) anyPlacePair = true;
    const related = Math.max(f.relation, placePair ? placePairWithoutRelation : w.pairWithoutRelation);
    pairs += (w.fields[f.field] * together * related) / (1 + f.thirdCountries.size);
  });
  const share = sideB + third > 0 ? sideB / (sideB + third) : 0;
  const score = round(pairs * share ** w.thirdCountryShareExponent);
  const places = tagPlaces(mentions, facts.map((f) => ({ a: f.a, b: f.b, relation: f.relation > 0 })));
  const relevant = score >= spec.threshold;

  const topics = [...topicScore.entries()]
    .filter(([, s]) => s >= w.topicThreshold)
    .sort((x, y) => y[1] - x[1])
    .slice(0, w.maxTopics)
    .map(([t]) => t);

  const titleFacts = facts.filter((f) => f.field === 'title');
  const signals: RuleSignals = {
    pairs: signalPairs,
    relatedPairs,
    titleSides: {
      a: Math.max(0, ...titleFacts.map((f) => Math.min(1, f.a))),
      b: Math.max(0, ...titleFacts.map((f) => Math.min(1, f.b))),
    },
    anySide: { a: facts.some((f) => f.a > 0), b: facts.some((f) => f.b > 0) },
    sideBShare: sideB + third > 0 ? share : 1,
    thirdCountries: new Set(facts.flatMap((f) => [...f.thirdCountries])).size,
    joint: facts.some((f) => f.joint),
    incident: facts.some((f) => f.incident && f.a > 0 && f.b > 0),
    placePair: anyPlacePair,
    naturalEvent: facts.some((f) => f.naturalEvent),
    personalTravel: facts.some((f) => f.personalTravel),
    institution: facts.some((f) => f.strongestActor >= INSTITUTION && f.a > 0 && f.b > 0),
    regions: places.a.length,
    prefectures: places.b.length,
  };

  return {
    lang,
    score,
    relevant,
    regions: places.a,
    prefectures: places.b,
    topics,
    evidence: pickEvidence([...evidence.values()]),
    signals,
    sentences: analysed,
  };
}

/** The class a model sees for an actor match: the side it stands for, a joint term, or nothing for a not-actor. */
function spanClassOf(entries: Array<{ kind: string; place?: { side: 'a' | 'b' } }>, sideA: string): SpanClass | null {
  let cls: SpanClass | null = null;
  for (const e of entries) {
    if (e.kind === NOT_ACTOR) return null;
    if (e.kind === 'joint') return 'joint';
    const side = e.place ? e.place.side : e.kind === sideA ? 'a' : 'b';
    if (cls !== null && cls !== side) return 'joint';
    cls = side;
  }
  return cls;
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

