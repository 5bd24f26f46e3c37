import type { FeedDocument, FeedItemModel } from './feed-model.js';
import { rfc822 } from './feed-model.js';
import { cdata, element, emptyElement, escapeXml } from './xml-text.js';

/**
 * RSS 2.0 by hand rather than through the `feed` package: feed 6 writes <author> with a bare
 * name (RSS wants an e-mail; we need dc:creator), has no <source>, and its XML layer (xml-js)
 * leaves '&' and '<' unescaped in attributes and turns a literal "&amp;" in text into "&".
 * Here every string passes one escaper that also drops characters XML 1.0 forbids.
 */

const GENERATOR = 'rujp-feed';

function item(entry: FeedItemModel): string {
  const lines = [
    element('title', entry.title),
    entry.url ? element('link', entry.url) : '',
    element('guid', entry.guid, { isPermaLink: 'false' }),
    element('pubDate', rfc822(entry.publishedAt)),
    element('dc:creator', entry.creator),
    // Summary is plain text; readers treat <description> as HTML, so it is escaped as HTML first.
    entry.summary ? `<description>${cdata(escapeXml(entry.summary))}</description>` : '',
    `<content:encoded>${cdata(entry.contentHtml)}</content:encoded>`,
    ...entry.categories.map((c) => element('category', c.label, { domain: c.scheme })),
    // RSS 2.0: url is "the XMLization of the source", the channel the item came from, not its homepage.
    // An item that does not record it gets no <source> rather than a wrong one (dc:creator still names it).
    entry.source.url ? element('source', entry.source.name, { url: entry.source.url }) : '',
  ];
  return `    <item>\n${lines.filter(Boolean).map((l) => `      ${l}`).join('\n')}\n    </item>`;
}

/** The RSS 2.0 document of one feed (UTF-8, content, dc and atom namespaces). */
export function renderRss2(feed: FeedDocument): string {
  const head = [
    element('title', feed.title),
    element('link', feed.links.html),
    element('description', feed.description),
    element('language', feed.language),
    element('lastBuildDate', rfc822(feed.updated)),
    element('ttl', String(feed.ttlMinutes)),
    element('generator', GENERATOR),
    element('docs', 'https://www.rssboard.org/rss-specification'),
    emptyElement('atom:link', { href: feed.links.rss, rel: 'self', type: 'application/rss+xml' }),
    emptyElement('atom:link', { href: feed.links.atom, rel: 'alternate', type: 'application/atom+xml' }),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    ...head.map((l) => `    ${l}`),
    ...feed.items.map(item),
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
