import { tokenize, type Token } from './tokenize.js';

/** What a matched term stands for. One phrase may stand for several things (a relation cue and a topic cue). */
export interface TermEntry {
  /** Evidence kind: a side id ('russia'), 'joint', 'relation', 'third-country', 'region:<id>', 'prefecture:<id>', 'topic:<id>'. */
  kind: string;
  weight: number;
  /** Set for gazetteer places. */
  place?: { side: 'a' | 'b'; id: string; capital: boolean };
  /** Set for topic cues. */
  topic?: string;
}

export interface TermMatch {
  entries: TermEntry[];
  /** The words as they stand in the text. */
  surface: string;
  /** Written as a venue: 'в Москве', 'in Tokyo', a dateline 'ТОКИО,', '東京で'. */
  venueForm: boolean;
  /** Where the surface stands in the sentence (character offsets), so features can stand a class in for it. */
  start: number;
  end: number;
}

interface Phrase {
  stems: string[];
  /** Shortest surface length per word: stops 'ток' (current) from matching 'Токио', whose stem is also 'ток'. */
  minLens: number[];
  /**
   * Per word: the only surface forms allowed, for names Russian does not decline (one form) and for
   * foreign names in -а, which decline like a native noun but whose stems are short and common (their six forms).
   */
  exact: Array<ReadonlySet<string> | null>;
  /** Per word: the acronym as written in capitals ('НАМИ'), which lower-cased is a word ('нами', by us). */
  upper: Array<string | null>;
  entries: TermEntry[];
}

// Russian leaves foreign names ending in -о, -и, -у, -э, -е undeclined (Токио, Тоттори, Хоккайдо, Кобе),
// so such a name matches only as written; its stem may be a common word ('Токио' and 'тока' both stem to 'ток').
// Russian nouns in -ье (Приморье), -ние and -ство (Управление, Росрыболовство) are native, decline
// (в Росрыболовстве) and keep stem matching; a short Japanese name in -ие (Мие) stays exact.
function undeclinedName(word: string): boolean {
  return /^[А-ЯЁ]/.test(word) && /(?:[оиуэ]|[^ь]е)$/.test(word) && !/(?:ство|ние)$/.test(word);
}

// A name in -а after a consonant (Тиба, Ниигата, Фукуока, Захарова) declines like a native noun: Тибы, Тибе, Тибу,
// Тибой. Stemming would reach these forms too, but a short stem is also an ordinary word's ('тиб', 'сар'), so the
// forms are generated and matched exactly. Adjectives in -ая and words in -ия, -ея decline otherwise and keep stemming.
function declinedForms(word: string): ReadonlySet<string> | null {
  if (!/^[А-ЯЁ][а-яё]*[бвгджзклмнпрстфхцчшщ]а$/.test(word)) return null;
  const base = word.toLowerCase().slice(0, -1);
  const last = base[base.length - 1]!;
  const velar = /[гкх]/.test(last);
  const hush = /[жшчщц]/.test(last);
  const gen = velar || /[жшчщ]/.test(last) ? 'и' : 'ы';
  return new Set([`${base}а`, `${base}${gen}`, `${base}е`, `${base}у`, `${base}ой`, `${base}ою`, ...(hush ? [`${base}ей`] : [])]);
}

// An acronym of three or more capitals in Cyrillic (НАМИ, ФСБ, МИД) matches only as written in capitals: lower-cased,
// some are ordinary words ('с нами', by us). A headline set in capitals still matches.
function acronym(word: string): boolean {
  return /^[А-ЯЁ]{3,}$/.test(word);
}

interface ScriptTerm {
  text: string;
  entries: TermEntry[];
}

const isCapital = (entries: TermEntry[]): boolean => entries.some((e) => e.place?.capital === true);

// Kana, CJK ideographs and full-width forms: Japanese terms are matched as exact substrings.
const CJK = /[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;
const VENUE_WORDS = new Set(['в', 'во', 'in', 'at']);
// '東京で' (in Tokyo), and the dateline '【東京】' that opens Japanese press items: where, not who.
const JA_VENUE_SUFFIX = /^(?:都内|市内|都)?(?:で|】)/;

export function isCjkTerm(term: string): boolean {
  return CJK.test(term);
}

/**
 * One layer of terms matched longest-first and without overlap. Layers are independent so that
 * 'Japanese business' can be an actor in one layer while 'business' is still a relation cue in another.
 */
export class TermLayer {
  private readonly words = new Map<string, Phrase[]>();
  private readonly phraseByKey = new Map<string, Phrase>();
  private readonly script = new Map<string, ScriptTerm[]>();
  private readonly scriptByText = new Map<string, ScriptTerm>();
  size = 0;

  add(term: string, entry: TermEntry): void {
    this.size++;
    if (isCjkTerm(term)) {
      let st = this.scriptByText.get(term);
      if (!st) {
        st = { text: term, entries: [] };
        this.scriptByText.set(term, st);
        const first = term[0]!;
        const list = this.script.get(first) ?? [];
        list.push(st);
        list.sort((x, y) => y.text.length - x.text.length);
        this.script.set(first, list);
      }
      st.entries.push(entry);
      return;
    }
    const tokens = tokenize(term);
    if (tokens.length === 0) throw new Error(`term "${term}" has no letters or digits to match`);
    const key = tokens.map((t) => t.stem).join(' ');
    let phrase = this.phraseByKey.get(key);
    const words = [...term.matchAll(/[0-9A-Za-z\u00C0-\u024F\u0400-\u04FF]+/g)].map((m) => m[0]);
    if (!phrase) {
      phrase = {
        stems: tokens.map((t) => t.stem),
        minLens: tokens.map((t) => t.lower.length - 1),
        exact: tokens.map((t, i) => (undeclinedName(words[i] ?? '') ? new Set([t.lower]) : declinedForms(words[i] ?? ''))),
        upper: tokens.map((_, i) => (acronym(words[i] ?? '') ? words[i]! : null)),
        entries: [],
      };
      this.phraseByKey.set(key, phrase);
      const list = this.words.get(phrase.stems[0]!) ?? [];
      list.push(phrase);
      list.sort((x, y) => y.stems.length - x.stems.length);
      this.words.set(phrase.stems[0]!, list);
    } else {
      // Two spellings of one stem key: the looser length bound wins so that neither spelling is lost.
      phrase.minLens = phrase.minLens.map((m, i) => Math.min(m, tokens[i]!.lower.length - 1));
      const forms = tokens.map((t, i) => (undeclinedName(words[i] ?? '') ? new Set([t.lower]) : declinedForms(words[i] ?? '')));
      phrase.exact = phrase.exact.map((e, i) => (e === null || forms[i] === null ? null : new Set([...e, ...forms[i]!])));
      phrase.upper = phrase.upper.map((u, i) => (u !== null && acronym(words[i] ?? '') ? u : null));
    }
    if (!phrase.entries.some((e) => e.kind === entry.kind)) phrase.entries.push(entry);
  }

  /** All matches in one sentence; `tokens` are the sentence's tokens, computed once for all layers. */
  match(sentence: string, tokens: Token[], hasCjk: boolean): TermMatch[] {
    const out: TermMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      const phrase = this.longestAt(tokens, i);
      if (!phrase) {
        i++;
        continue;
      }
      const first = tokens[i]!;
      const last = tokens[i + phrase.stems.length - 1]!;
      const surface = sentence.slice(first.start, last.end);
      // Only capitals care whether they are written as a venue, so the check is skipped for everything else.
      let venueForm = false;
      if (isCapital(phrase.entries)) {
        const prev = tokens[i - 1];
        const next = sentence[last.end];
        const dateline = surface === surface.toUpperCase() && surface.length > 2 && (next === ',' || (first.start === 0 && next === '.'));
        venueForm = (prev !== undefined && VENUE_WORDS.has(prev.lower)) || dateline;
      }
      out.push({ entries: phrase.entries, surface, venueForm, start: first.start, end: last.end });
      i += phrase.stems.length;
    }
    if (hasCjk) {
      for (let i = 0; i < sentence.length; ) {
        const candidates = this.script.get(sentence[i]!);
        const hit = candidates?.find((c) => sentence.startsWith(c.text, i));
        if (!hit) {
          i++;
          continue;
        }
        const venueForm = isCapital(hit.entries) && JA_VENUE_SUFFIX.test(sentence.slice(i + hit.text.length, i + hit.text.length + 4));
        out.push({ entries: hit.entries, surface: hit.text, venueForm, start: i, end: i + hit.text.length });
        i += hit.text.length;
      }
    }
    return out;
  }

  private longestAt(tokens: Token[], i: number): Phrase | undefined {
    const candidates = this.words.get(tokens[i]!.stem);
    if (!candidates) return undefined;
    outer: for (const p of candidates) {
      if (i + p.stems.length > tokens.length) continue;
      for (let k = 0; k < p.stems.length; k++) {
        const t = tokens[i + k]!;
        if (t.stem !== p.stems[k] || t.lower.length < p.minLens[k]!) continue outer;
        const exact = p.exact[k];
        if (exact != null && !exact.has(t.lower)) continue outer;
        const upper = p.upper[k];
        if (upper != null && t.text !== t.text.toUpperCase()) continue outer;
      }
      return p;
    }
    return undefined;
  }
}

export { CJK };
