import type { StoredFingerprint } from '../core/ports.js';
import { compareStories, SAME_STORY_WINDOW_DAYS, type StoryFingerprint } from './same-story.js';

export { SAME_STORY_WINDOW_DAYS } from './same-story.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The cluster a new item joins when it is stored: the closest stored item that tells the
 * same story. This is a hint written with the item (and what the `duplicate` count
 * reports); items stored at the same moment by concurrent polls cannot see each other,
 * so the publisher groups the feed window again (see group-stories.ts).
 */
export function findCluster(
  item: StoryFingerprint,
  known: readonly StoredFingerprint[],
): { clusterId: string; matchedId: string; similarity: number } | null {
  let best: { clusterId: string; matchedId: string; similarity: number } | null = null;
  for (const other of known) {
    if (other.id === item.id) continue;
    const match = compareStories(item, other);
    if (match.same && (!best || match.text > best.similarity)) {
      best = { clusterId: other.clusterId, matchedId: other.id, similarity: match.text };
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
