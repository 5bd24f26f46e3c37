/**
 * Anchors: the names and figures of a story (proper nouns inside sentences, numbers).
 * A rewrite retells a story in other words but keeps its people, places and figures,
 * so when two texts from the same day share little wording but most anchors, they are
 * one story told twice. Words that open a sentence are skipped: there a capital says
 * nothing about the word.
 */
import { stemWord } from '../classify/stem.js';

/** At most this many anchors are kept per text (the smallest hashes, an unbiased sample). */
export const MAX_ANCHORS = 48;

const ANCHOR = /(^|[.!?…»"\n]\s*|[\s(«"—–-])(\p{Lu}[\p{L}]+|\p{N}+(?:[.,]\p{N}+)?)/gu;

/** Stemmed proper nouns and numbers of a text, as a set. */
export function storyAnchors(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of text.matchAll(ANCHOR)) {
    const lead = match[1]!;
    const word = match[2]!;
    if (/^\p{N}/u.test(word)) {
      out.add(word.replace(',', '.'));
      continue;
    }
    const opensSentence = match.index === 0 || /[.!?…\n]/.test(lead) || (/[»"]/.test(lead) && lead.trim() !== lead);
    if (opensSentence) continue;
    out.add(stemWord(word.toLowerCase()));
  }
  return out;
}
