import type { StoredFingerprint } from '../core/ports.js';
import { similarity } from './minhash.js';

/** Estimated Jaccard over which two texts are taken as the same story. */
export const SAME_STORY_SIMILARITY = 0.45;
/** Reprints appear within days of the original; a far older text is another story. */
export const SAME_STORY_WINDOW_DAYS = 14;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The cluster a new item joins: the most similar stored item of the time window, when
 * it is similar enough. Returns null when the item starts a cluster of its own.
 */
export function findCluster(
  item: { id: string; publishedAt: string; signature: string },
  known: readonly StoredFingerprint[],
): { clusterId: string; matchedId: string; similarity: number } | null {
  const at = Date.parse(item.publishedAt);
  let best: { clusterId: string; matchedId: string; similarity: number } | null = null;
  for (const other of known) {
    if (other.id === item.id) continue;
    if (Math.abs(Date.parse(other.publishedAt) - at) > SAME_STORY_WINDOW_DAYS * DAY_MS) continue;
    const score = similarity(item.signature, other.signature);
    if (score >= SAME_STORY_SIMILARITY && (!best || score > best.similarity)) {
      best = { clusterId: other.clusterId, matchedId: other.id, similarity: score };
    }
  }
  return best;
}

/** The months ('YYYY-MM') whose fingerprints can hold a match for an item of this date. */
export function monthsAround(publishedAt: string, days = SAME_STORY_WINDOW_DAYS): string[] {
  const at = Date.parse(publishedAt);
  const months = new Set<string>();
  for (let t = at - days * DAY_MS; t <= at + days * DAY_MS; t += DAY_MS) {
    months.add(new Date(t).toISOString().slice(0, 7));
  }
  return [...months];
}
