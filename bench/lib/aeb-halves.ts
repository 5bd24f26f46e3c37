/**
 * A fixed split of the benchmark pages into halves A and B, so a rule or weight can be tuned on
 * one half and judged on the other. Pages are ranked by a seeded hash of their id and the lower
 * half of the ranking is A: the halves are equal in size (a parity split of 88 pages gave 38/50),
 * do not depend on file order, and adding a page moves at most one page across the boundary.
 */

export type Half = 'A' | 'B';

/** Changing the seed would reshuffle the halves and void every earlier A/B comparison. */
export const HALF_SPLIT_SEED = 'rujp-feed aeb half split v1';

// FNV-1a, 32-bit: a tiny stable hash is all the split needs; no randomness quality is at stake.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const rankKey = (id: string, seed: string) => fnv1a(`${seed}\u0000${id}`);

/** Halves A and B, each in the input's order; with an odd count B has the extra page. */
export function splitHalves<T extends { id: string }>(pages: readonly T[], seed = HALF_SPLIT_SEED): Record<Half, T[]> {
  const ids = new Set(pages.map((p) => p.id));
  if (ids.size !== pages.length) throw new Error('splitHalves: page ids must be unique');
  const ranked = [...ids].sort((a, b) => rankKey(a, seed) - rankKey(b, seed) || (a < b ? -1 : 1));
  const inA = new Set(ranked.slice(0, Math.floor(ranked.length / 2)));
  const halves: Record<Half, T[]> = { A: [], B: [] };
  for (const page of pages) halves[inA.has(page.id) ? 'A' : 'B'].push(page);
  return halves;
}
