import type { FeedTarget, ItemStore } from '../core/ports.js';
import type { FeedEntry, FeedSettings } from '../core/types.js';
import { groupStories, type GroupOptions } from '../dedupe/group-stories.js';
import { renderFeedSet } from '../feed/render-feed-set.js';
import { labelOf } from '../classify/labels.js';

/** How many relevant items (all copies of a story count) the feeds and the page draw from. */
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
  /** URLs listed as another source of a story, not as an entry of their own. */
  reprintUrls: string[];
}

/**
 * The stories of the feed window: every relevant item of the window, grouped by story at
 * render time, so the canonical entry does not depend on which source was polled first.
 */
export async function loadFeedEntries(items: ItemStore, limit = FEED_WINDOW, options: GroupOptions = {}): Promise<FeedEntry[]> {
  return groupStories(await items.listFeedItems(limit), options);
}

/** Renders every feed from the stored stories and writes the files that changed. */
export async function publishFeeds(deps: PublishDeps): Promise<PublishReport> {
  const entries = await loadFeedEntries(deps.items);
  const files = renderFeedSet(entries, deps.settings, {
    label: (kind, id) => labelOf(kind, id, 'en'),
    now: deps.now,
  });
  const { written, unchanged } = await deps.target.publish(files);
  const reprintUrls = entries.flatMap((entry) => entry.alsoIn.map((other) => other.url));
  return { entries: entries.length, written, unchanged: unchanged.length, reprintUrls };
}
