import type { FeedDocument, FeedItemModel } from './feed-model.js';
import { rfc3339 } from './feed-model.js';
import { cleanText } from './xml-text.js';

/**
 * JSON Feed 1.1 by hand: feed 6 still writes version 1 (singular `author`, no `language`,
 * no `authors`). Our own facts (source, regions, prefectures, topics, other sources) travel
 * in the `_rujp` extension object, as the spec reserves underscore keys for extensions.
 */

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

function item(entry: FeedItemModel) {
  return {
    id: entry.guid,
    ...(entry.url ? { url: entry.url } : {}),
    title: cleanText(entry.title),
    content_html: entry.contentHtml,
    ...(entry.summary ? { summary: cleanText(entry.summary) } : {}),
    ...(entry.image ? { image: entry.image } : {}),
    date_published: rfc3339(entry.publishedAt),
    authors: [{ name: cleanText(entry.creator) }],
    tags: entry.categories.map((c) => cleanText(c.label)),
    ...(entry.lang !== 'und' ? { language: entry.lang } : {}),
    _rujp: {
      source: { id: entry.source.id, name: cleanText(entry.source.name), ...(entry.source.url ? { url: entry.source.url } : {}) },
      regions: entry.categories.filter((c) => c.kind === 'region').map((c) => c.id),
      prefectures: entry.categories.filter((c) => c.kind === 'prefecture').map((c) => c.id),
      topics: entry.categories.filter((c) => c.kind === 'topic').map((c) => c.id),
      date_estimated: entry.dateEstimated,
      also_in: entry.alsoIn.map((other) => ({
        source_id: other.sourceId,
        source_name: cleanText(other.sourceName),
        url: other.url,
        title: cleanText(other.title),
        date_published: other.publishedAt,
      })),
    },
  };
}

/** The JSON Feed 1.1 document of one feed. */
export function renderJsonFeed(feed: FeedDocument): string {
  const document = {
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.links.html,
    feed_url: feed.links.json,
    description: feed.description,
    language: feed.language,
    authors: [{ name: feed.title }],
    items: feed.items.map(item),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
