import type { FeedEntry, FeedSettings, PublishedFile } from '../core/types.js';
import { contentTypeFor } from './content-types.js';
import { FeedEntryError, type FacetKind, type FeedItemModel, newestFirst, toFeedItem } from './feed-model.js';
import { planFeedSet } from './feed-set-plan.js';
import { renderAtom1 } from './atom1.js';
import { renderHtmlPage } from './html-page.js';
import { renderJsonFeed } from './json-feed.js';
import { renderOpml } from './opml.js';
import { renderRss2 } from './rss2.js';

export interface RenderFeedSetOptions {
  /** Human label of a region, prefecture or topic id, in the feed's language. */
  label: (kind: FacetKind, id: string) => string;
  /** Stands in for the build date only when a feed has no items; otherwise the newest item's date does. */
  now: Date;
  /** Told about each entry left out (bad id or date), so one bad item never stops the set. */
  onSkip?: (error: FeedEntryError) => void;
}

/** Path of the OPML list and of the page, beside the main feed. */
export const OPML_PATH = 'feeds.opml';
export const PAGE_PATH = 'index.html';

/**
 * Renders the whole published set from the canonical entries of story clusters:
 * `feed.xml` (RSS 2.0), `atom.xml`, `feed.json` (JSON Feed 1.1) at the root and under
 * `regions/<id>/`, `prefectures/<id>/`, `topics/<id>/`; `feeds.opml`; `index.html`.
 * Same entries and `now` give the same bytes, so the publisher can skip unchanged files.
 *
 * @example
 * const files = renderFeedSet(entries, settings, { label: (kind, id) => labels[kind][id] ?? id, now: new Date() });
 * files.map((f) => f.path); // ['feed.xml', 'atom.xml', 'feed.json', 'regions/amur-oblast/feed.xml', …, 'feeds.opml', 'index.html']
 */
export function renderFeedSet(entries: FeedEntry[], settings: FeedSettings, options: RenderFeedSetOptions): PublishedFile[] {
  const baseUrl = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
  const label = (kind: FacetKind, id: string): string => {
    const text = options.label(kind, id);
    return typeof text === 'string' && text.trim() ? text.trim() : id;
  };
  const items: FeedItemModel[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    try {
      const item = toFeedItem(entry, baseUrl, label);
      // A cluster is one entry; a repeated id would show the same story twice.
      if (seen.has(item.id)) return;
      seen.add(item.id);
      items.push(item);
    } catch (error) {
      if (!(error instanceof FeedEntryError)) throw error;
      options.onSkip?.(error.entryId === '(no id)' ? new FeedEntryError(`#${index}`, error.field, 'is missing') : error);
    }
  });
  items.sort(newestFirst);

  const normalized: FeedSettings = { ...settings, baseUrl };
  const { feeds, facets } = planFeedSet(items, normalized, options.now);
  const files: PublishedFile[] = [];
  const add = (path: string, body: string) => files.push({ path, contentType: contentTypeFor(path), body });
  for (const feed of feeds) {
    add(`${feed.dir}feed.xml`, renderRss2(feed));
    add(`${feed.dir}atom.xml`, renderAtom1(feed));
    add(`${feed.dir}feed.json`, renderJsonFeed(feed));
  }
  add(OPML_PATH, renderOpml(feeds, settings.title));
  add(PAGE_PATH, renderHtmlPage(feeds, items, facets, { title: settings.title, description: settings.description, homeUrl: settings.homeUrl }));
  return files;
}
