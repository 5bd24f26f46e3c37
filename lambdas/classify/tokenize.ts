/** A word of Latin or Cyrillic script, lowercased and stemmed, with where it stands in its sentence. */
export interface Token {
  /** Lowercase surface form. */
  lower: string;
  stem: string;
  start: number;
  end: number;
}

export interface Sentence {
  text: string;
  field: 'title' | 'lead' | 'text';
}

// Hyphens and apostrophes split words, so 'российско-японский' gives two tokens and the
// gazetteer writes compound names the same way ('Южно-Сахалинск' -> южн + сахалинск).
const WORD = /[0-9A-Za-z\u00C0-\u024F\u0400-\u04FF]+/g;

import { stemWord } from './stem.js';

export function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(sentence); m !== null; m = WORD.exec(sentence)) {
    const lower = m[0].toLowerCase();
    tokens.push({ lower, stem: stemWord(lower), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

// A sentence ends at . ! ? followed by space, at Japanese full stops (no space follows them), or at a line break.
// Initials ('А. Д. Хлутков') split too early; that only makes sentences shorter, which costs little.
const SENTENCE_END = /(?<=[.!?…»"])\s+(?=[A-ZА-ЯЁ0-9«"(\u3000-\u9FFF])|(?<=[。！？])|\n+/u;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Title, lead and body as sentences. The lead is the opening of the text up to `leadChars`
 * (at least its first sentence), because extracted bodies rarely mark their lead paragraph.
 */
export function sentencesOf(title: string, text: string, leadChars: number): Sentence[] {
  const out: Sentence[] = [];
  for (const s of splitSentences(title)) out.push({ text: s, field: 'title' });
  let consumed = 0;
  for (const s of splitSentences(text)) {
    out.push({ text: s, field: consumed < leadChars ? 'lead' : 'text' });
    consumed += s.length + 1;
  }
  return out;
}
