/**
 * Groups the feed window into stories at publish time. Sources are polled concurrently
 * and in any order, so who was stored first is an accident; grouping the same set of
 * items always gives the same stories and the same canonical entry, however they came in.
 */
import type { AlsoIn, FeedEntry, Item } from '../core/types.js';
import { compareStories, SAME_STORY_WINDOW_DAYS } from './same-story.js';

const DAY_MS = 24 * 3600 * 1000;

/** An item with the fingerprint it was stored with (null when it has none). */
export interface GroupableItem extends Item {
  signature?: string | null;
}

export interface GroupOptions {
  /** Lower ranks win a tie of dates (e.g. a wire agency over its reprinters); default: all equal. */
  sourceRank?: (sourceId: string) => number;
}

class DisjointSets {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    for (let node = i; this.parent[node] !== root; ) [node, this.parent[node]] = [this.parent[node]!, root];
    return root;
  }
  union(a: number, b: number): void {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent[Math.max(x, y)] = Math.min(x, y);
  }
}

/** The story's first telling: earliest date, then the better-ranked source, then the lower id. */
function canonicalOrder(rank: (sourceId: string) => number) {
  return (a: Item, b: Item) =>
    a.publishedAt.localeCompare(b.publishedAt) || rank(a.sourceId) - rank(b.sourceId) || a.id.localeCompare(b.id);
}

const union = (lists: string[][]) => [...new Set(lists.flat())].sort();

/**
 * One feed entry per story: items join when they share a stored cluster id or when
 * their fingerprints tell the same story; the canonical item carries the others as
 * alsoIn (oldest first) and the places and topics of all of them.
 */
export function groupStories(items: readonly GroupableItem[], options: GroupOptions = {}): FeedEntry[] {
  const rank = options.sourceRank ?? (() => 0);
  const unique = [...new Map(items.map((item) => [item.id, item])).values()];
  const byDate = [...unique].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  const sets = new DisjointSets(byDate.length);

  // A stored cluster id links an item to the item of that id and to its other members.
  const holder = new Map<string, number>();
  byDate.forEach((item, i) => {
    for (const key of new Set([item.clusterId, item.id])) {
      const seen = holder.get(key);
      if (seen === undefined) holder.set(key, i);
      else sets.union(seen, i);
    }
  });

  // Sorted by date, each item is compared only with the ones inside the story window.
  const window = SAME_STORY_WINDOW_DAYS * DAY_MS;
  for (let i = 0; i < byDate.length; i += 1) {
    const a = byDate[i]!;
    if (!a.signature) continue;
    const at = Date.parse(a.publishedAt);
    for (let j = i + 1; j < byDate.length; j += 1) {
      const b = byDate[j]!;
      if (Date.parse(b.publishedAt) - at > window) break;
      if (!b.signature || sets.find(i) === sets.find(j)) continue;
      const match = compareStories(
        { id: a.id, sourceId: a.sourceId, publishedAt: a.publishedAt, signature: a.signature },
        { id: b.id, sourceId: b.sourceId, publishedAt: b.publishedAt, signature: b.signature },
      );
      if (match.same) sets.union(i, j);
    }
  }

  const stories = new Map<number, GroupableItem[]>();
  byDate.forEach((item, i) => {
    const root = sets.find(i);
    const members = stories.get(root) ?? [];
    members.push(item);
    stories.set(root, members);
  });

  const order = canonicalOrder(rank);
  const entries: FeedEntry[] = [];
  for (const members of stories.values()) {
    members.sort(order);
    const [canonical, ...others] = members as [GroupableItem, ...GroupableItem[]];
    const { signature: _signature, ...item } = canonical;
    const alsoIn: AlsoIn[] = others.map((other) => ({
      sourceId: other.sourceId,
      sourceName: other.sourceName,
      url: other.url,
      title: other.title,
      publishedAt: other.publishedAt,
    }));
    entries.push({
      ...item,
      clusterId: canonical.id,
      regions: union(members.map((member) => member.regions ?? [])),
      prefectures: union(members.map((member) => member.prefectures ?? [])),
      topics: union(members.map((member) => member.topics ?? [])),
      alsoIn,
    });
  }
  return entries.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id));
}
