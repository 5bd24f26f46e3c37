/**
 * The features the near-duplicate check compares: overlapping pairs of stemmed words.
 * Stems make "Красноярского края" and "Красноярский край" one feature, so a rewrite that
 * changes case endings still meets the original; pairs keep enough word order that two
 * stories sharing a vocabulary (governor, Japan, delegation) share few features.
 */
import { stemWord } from '../classify/stem.js';

/** Words per shingle; tuned on fixtures/dedupe/pairs.json (3 missed rewrites, 1 blurred subjects). */
export const SHINGLE_WORDS = 2;

const WORD = /[\p{L}\p{N}]+/gu;
// Japanese has no spaces: each kana or kanji counts as a word, so pairs are character bigrams.
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;

/** Lower-cased, stemmed words of a text; CJK runs split into characters. */
export function storyTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().replaceAll('ё', 'е').matchAll(WORD)) {
    const word = match[0];
    if (CJK_RUN.test(word)) {
      for (const char of word) out.push(char);
    } else {
      out.push(stemWord(word));
    }
  }
  return out;
}

/** The set of word pairs of a text (a text of one word gives that word). */
export function storyShingles(text: string, size = SHINGLE_WORDS): Set<string> {
  const words = storyTokens(text);
  const out = new Set<string>();
  if (words.length === 0) return out;
  if (words.length < size) {
    out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + size <= words.length; i += 1) out.add(words.slice(i, i + size).join(' '));
  return out;
}
