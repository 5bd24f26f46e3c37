/**
 * MinHash over story shingles: a fixed-size signature per text whose slot agreement
 * estimates the Jaccard similarity of the two shingle sets. The signature also carries
 * the set's size, so containment (how much of the shorter text is inside the longer) can
 * be estimated too: a shortened reprint has a low Jaccard with the original but is
 * mostly contained in it.
 *
 * Format: `<shingle count, hex>:<SLOTS × 8 hex digits>`; one signature is ~1 KB.
 */
import { SLOTS } from './signature-match.js';
import { storyShingles } from './story-shingles.js';


/** 32-bit FNV-1a of a string. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Final avalanche of murmur3: a linear permutation of FNV alone leaves slots correlated. */
function mix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const PERMUTATIONS: ReadonlyArray<readonly [number, number]> = Array.from({ length: SLOTS }, (_, i) => {
  const a = (fnv1a(`a${i}`) | 1) >>> 0;
  const b = fnv1a(`b${i}`);
  return [a, b] as const;
});

/** Signature of a text; an empty text gives size 0, which matches nothing. */
export function signature(text: string): string {
  const set = storyShingles(text);
  const mins = new Uint32Array(SLOTS).fill(0xffffffff);
  for (const shingle of set) {
    const x = fnv1a(shingle);
    for (let i = 0; i < SLOTS; i += 1) {
      const [a, b] = PERMUTATIONS[i]!;
      const h = mix((Math.imul(a, x) + b) >>> 0);
      if (h < mins[i]!) mins[i] = h;
    }
  }
  return `${set.size.toString(16)}:${Array.from(mins, (m) => m.toString(16).padStart(8, '0')).join('')}`;
}
