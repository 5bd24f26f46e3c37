/**
 * Reading and comparing stored fingerprints (the formats `minhash.ts` and `story-signature.ts`
 * write). Kept apart from computing them, which needs the stemmers: the publisher groups
 * stories from stored fingerprints only, so its bundle need not load the stemmers at all.
 */

/** Slots of a MinHash signature; each is 8 hex digits. */
export const SLOTS = 128;
const EMPTY_SLOT = 'ffffffff';

export interface ParsedSignature {
  /** How many distinct shingles the text had. */
  size: number;
  slots: string[];
}

/**
 * Reads a signature; null for anything not made by this version (an older format in the
 * table simply takes no part in matching rather than matching wrongly).
 */
export function parseSignature(value: string): ParsedSignature | null {
  const match = /^([0-9a-f]+):([0-9a-f]+)$/.exec(value);
  if (!match || match[2]!.length !== SLOTS * 8) return null;
  const slots: string[] = [];
  for (let i = 0; i < match[2]!.length; i += 8) slots.push(match[2]!.slice(i, i + 8));
  return { size: Number.parseInt(match[1]!, 16), slots };
}

/** Estimated Jaccard similarity of the shingle sets behind two signatures (0..1). */
export function similarity(a: string | ParsedSignature | null, b: string | ParsedSignature | null): number {
  const x = typeof a === 'string' ? parseSignature(a) : a;
  const y = typeof b === 'string' ? parseSignature(b) : b;
  if (!x || !y || x.size === 0 || y.size === 0) return 0;
  let same = 0;
  for (let i = 0; i < SLOTS; i += 1) if (x.slots[i] === y.slots[i] && x.slots[i] !== EMPTY_SLOT) same += 1;
  return same / SLOTS;
}

/**
 * Estimated share of the smaller text's shingles found in the other (0..1):
 * |A∩B| = J·(|A|+|B|)/(1+J), divided by min(|A|,|B|).
 */
export function containment(a: string | ParsedSignature | null, b: string | ParsedSignature | null): number {
  const x = typeof a === 'string' ? parseSignature(a) : a;
  const y = typeof b === 'string' ? parseSignature(b) : b;
  if (!x || !y || x.size === 0 || y.size === 0) return 0;
  const j = similarity(x, y);
  const shared = (j * (x.size + y.size)) / (1 + j);
  return Math.min(1, shared / Math.min(x.size, y.size));
}

export interface StorySignature {
  text: ParsedSignature;
  /** 8-hex-digit hashes of the anchors, sorted. */
  anchors: string[];
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
