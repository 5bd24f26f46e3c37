import type { FeedTarget, ItemStore } from '../core/ports.js';
import type { FeedEntry, FeedSettings, Item } from '../core/types.js';
import { renderFeedSet } from '../feed/render-feed-set.js';
import { labelOf } from '../classify/labels.js';

/** How many stories the filtered feeds and the page draw from. */
export const FEED_WINDOW = 1000;

export interface PublishDeps {
  items: ItemStore;
  target: FeedTarget;
  settings: FeedSettings;
  now: Date;
}

export interface PublishReport {
  entries: number;
  written: string[];
  unchanged: number;
}

/** Groups each canonical item with the other members of its story cluster. */
export async function loadFeedEntries(items: ItemStore, limit = FEED_WINDOW): Promise<FeedEntry[]> {
  const canonical = await items.listFeedItems(limit);
  const clustered = canonical.filter((item) => ((item as Item & { clusterSize?: number }).clusterSize ?? 0) > 0);
  const members = await items.listClusterMembers(clustered.map((item) => item.id));
  return canonical.map((item) => {
    const { clusterSize: _size, ...rest } = item as Item & { clusterSize?: number };
    return {
      ...rest,
      alsoIn: (members.get(item.id) ?? [])
        .filter((member) => member.id !== item.id)
        .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))
        .map((member) => ({
          sourceId: member.sourceId,
          sourceName: member.sourceName,
          url: member.url,
          title: member.title,
          publishedAt: member.publishedAt,
        })),
    };
  });
}

/** Renders every feed from the stored stories and writes the files that changed. */
export async function publishFeeds(deps: PublishDeps): Promise<PublishReport> {
  const entries = await loadFeedEntries(deps.items);
  const files = renderFeedSet(entries, deps.settings, {
    label: (kind, id) => labelOf(kind, id, 'en'),
    now: deps.now,
  });
  const { written, unchanged } = await deps.target.publish(files);
  return { entries: entries.length, written, unchanged: unchanged.length };
}
