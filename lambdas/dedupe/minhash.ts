/**
 * MinHash over word shingles: a fixed-size signature per text whose slot agreement
 * estimates the Jaccard similarity of the two texts' shingle sets. Reprints of one story
 * differ in page noise, cuts and small edits, which move few shingles; an unrelated story
 * on the same subject shares almost none.
 */
const SLOTS = 64;
const SHINGLE = 3;

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Cheap independent-enough permutations: h_i(x) = (a_i * x + b_i) mod 2^32, odd a_i. */
const PERMUTATIONS: ReadonlyArray<readonly [number, number]> = Array.from({ length: SLOTS }, (_, i) => {
  const a = (fnv1a(`a${i}`) | 1) >>> 0;
  const b = fnv1a(`b${i}`);
  return [a, b] as const;
});

export function tokens(text: string): string[] {
  return text.toLowerCase().replaceAll('ё', 'е').match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function shingles(text: string, size = SHINGLE): Set<string> {
  const words = tokens(text);
  const out = new Set<string>();
  if (words.length === 0) return out;
  if (words.length < size) {
    out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + size <= words.length; i += 1) out.add(words.slice(i, i + size).join(' '));
  return out;
}

/** Hex string of SLOTS 32-bit minima; empty text gives an all-ones signature that matches nothing. */
export function signature(text: string): string {
  const mins = new Uint32Array(SLOTS).fill(0xffffffff);
  for (const shingle of shingles(text)) {
    const x = fnv1a(shingle);
    for (let i = 0; i < SLOTS; i += 1) {
      const [a, b] = PERMUTATIONS[i]!;
      const h = (Math.imul(a, x) + b) >>> 0;
      if (h < mins[i]!) mins[i] = h;
    }
  }
  return Array.from(mins, (m) => m.toString(16).padStart(8, '0')).join('');
}

/** Estimated Jaccard similarity of the texts behind two signatures (0..1). */
export function similarity(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  let slots = 0;
  for (let i = 0; i < a.length; i += 8) {
    const slotA = a.slice(i, i + 8);
    if (slotA === 'ffffffff') continue;
    slots += 1;
    if (slotA === b.slice(i, i + 8)) same += 1;
  }
  return slots === 0 ? 0 : same / slots;
}
