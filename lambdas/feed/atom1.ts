import type { FeedDocument, FeedItemModel } from './feed-model.js';
import { rfc3339 } from './feed-model.js';
import { element, emptyElement, escapeXml } from './xml-text.js';

/**
 * Atom 1.0 by hand for the same reasons as rss2.ts; besides, feed 6 insists that every
 * entry id is a URL, while ours are URNs so they survive a move of the feed host.
 */

function entry(item: FeedItemModel): string {
  const lines = [
    element('id', item.guid),
    element('title', item.title, { type: 'text' }),
    element('updated', rfc3339(item.publishedAt)),
    element('published', rfc3339(item.publishedAt)),
    `<author>${element('name', item.creator)}</author>`,
    item.url ? emptyElement('link', { rel: 'alternate', type: 'text/html', href: item.url, hreflang: item.lang === 'und' ? undefined : item.lang }) : '',
    // The other sources of the story, as links a reader can follow.
    ...item.alsoIn
      .filter((other) => /^https?:\/\//i.test(other.url))
      .map((other) => emptyElement('link', { rel: 'related', type: 'text/html', href: other.url, title: `${other.sourceName}: ${other.title}` })),
    ...item.categories.map((c) => emptyElement('category', { term: c.id, scheme: c.scheme, label: c.label })),
    item.summary ? element('summary', item.summary, { type: 'text' }) : '',
    element('content', item.contentHtml, { type: 'html' }),
  ];
  return `  <entry xml:lang="${item.lang === 'und' ? '' : escapeXml(item.lang)}">\n${lines.filter(Boolean).map((l) => `    ${l}`).join('\n')}\n  </entry>`;
}

/** The Atom 1.0 document of one feed. */
export function renderAtom1(feed: FeedDocument): string {
  const head = [
    element('id', feed.links.atom),
    element('title', feed.title, { type: 'text' }),
    element('subtitle', feed.description, { type: 'text' }),
    element('updated', rfc3339(feed.updated)),
    `<author>${element('name', feed.title)}</author>`,
    emptyElement('link', { rel: 'self', type: 'application/atom+xml', href: feed.links.atom }),
    emptyElement('link', { rel: 'alternate', type: 'text/html', href: feed.links.html }),
    emptyElement('link', { rel: 'alternate', type: 'application/rss+xml', href: feed.links.rss }),
    element('generator', 'rujp-feed'),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    ...head.map((l) => `  ${l}`),
    ...feed.items.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
