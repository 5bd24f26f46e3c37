/**
 * What is stored per item for the near-duplicate check: the MinHash signature of its
 * words and the hashes of its anchors, in one string `<minhash>|<anchor hashes>`.
 */
import { fnv1a, parseSignature, signature, type ParsedSignature } from './minhash.js';
import { MAX_ANCHORS, storyAnchors } from './story-anchors.js';

export interface StorySignature {
  text: ParsedSignature;
  /** 8-hex-digit hashes of the anchors, sorted. */
  anchors: string[];
}

/** The fingerprint of an item: title and body together (a copy keeps both). */
export function storySignature(title: string, text: string): string {
  const whole = `${title}\n${text}`;
  const anchors = [...storyAnchors(whole)]
    .map((anchor) => fnv1a(anchor).toString(16).padStart(8, '0'))
    .sort()
    .slice(0, MAX_ANCHORS);
  return `${signature(whole)}|${anchors.join('')}`;
}

// The publisher compares each fingerprint with its neighbours; parsing once is enough.
const parsed = new Map<string, StorySignature | null>();
const PARSED_LIMIT = 5000;

export function parseStorySignature(value: string): StorySignature | null {
  const known = parsed.get(value);
  if (known !== undefined) return known;
  const result = parseUncached(value);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(value, result);
  return result;
}

function parseUncached(value: string): StorySignature | null {
  const [minhash, anchorHex = ''] = value.split('|');
  const text = parseSignature(minhash ?? '');
  if (!text || anchorHex.length % 8 !== 0 || !/^[0-9a-f]*$/.test(anchorHex)) return null;
  const anchors: string[] = [];
  for (let i = 0; i < anchorHex.length; i += 8) anchors.push(anchorHex.slice(i, i + 8));
  return { text, anchors };
}
