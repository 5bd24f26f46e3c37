/** A word of Latin or Cyrillic script, lowercased and stemmed, with where it stands in its sentence. */
export interface Token {
  /** The word as written. */
  text: string;
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
    tokens.push({ text: m[0], lower, stem: stemWord(lower), start: m.index, end: m.index + m[0].length });
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

// Japanese press writes Latin letters and digits full-width (ＬＮＧ, サハリン２, ＪＥＴＲＯ). One character for one,
// so offsets into the sentence stay valid.
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
export function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

// The place a wire item is filed from: 'ВЛАДИВОСТОК, 9 октября.', 'MOSCOW, Jan. 13 —', 'SAPPORO —', 'МОСКВА.', '【札幌】'.
// Upper-case words (at least three letters) followed by a comma, a full stop or a dash; or a Japanese 【…】 head.
const DATELINE = /^(?:【([^】\n]{1,12})】|([A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]{2,}(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]*)*)(?=,|\.|\s+[—–-]\s))/u;
/** A dateline split off as its own sentence is at most this long ('МОСКВА, 15 декабря. /ТАСС/.'). */
const DATELINE_SENTENCE = 40;

/** The dateline's place as written ('ВЛАДИВОСТОК', '札幌'), or '' when the text does not open with one. */
export function datelineOf(text: string): string {
  const m = DATELINE.exec(text.trimStart());
  return m ? (m[1] ?? m[2] ?? '') : '';
}

/**
 * Title, lead and body as sentences. The lead is the opening of the text up to `leadChars`
 * (at least its first sentence), because extracted bodies rarely mark their lead paragraph.
 * A dateline ('САНКТ-ПЕТЕРБУРГ, 27 сентября.') is not a sentence of its own: it joins the sentence it heads,
 * so the place it names stands beside that sentence's actors, as a Japanese '【札幌】' already does.
 * Full-width Latin letters and digits are read as their ASCII forms.
 */
export function sentencesOf(title: string, text: string, leadChars: number): Sentence[] {
  const out: Sentence[] = [];
  for (const s of splitSentences(title)) out.push({ text: halfWidth(s), field: 'title' });
  const body = splitSentences(text);
  if (body.length > 1 && body[0]!.length <= DATELINE_SENTENCE && datelineOf(body[0]!) !== '') {
    body.splice(0, 2, `${body[0]} ${body[1]}`);
  }
  let consumed = 0;
  for (const s of body) {
    out.push({ text: halfWidth(s), field: consumed < leadChars ? 'lead' : 'text' });
    consumed += s.length + 1;
  }
  return out;
}
