import type { FeedDocument } from './feed-model.js';
import { FACET_KINDS, type FacetKind, rfc822 } from './feed-model.js';
import { element, emptyElement } from './xml-text.js';

/**
 * OPML 2.0 list of every feed of the set, grouped by kind, so a reader can import the main
 * feed and all filtered feeds in one step. Only the RSS flavour of each feed is listed;
 * listing Atom and JSON too would make readers subscribe to every story three times.
 */

const GROUP_TITLES: Record<FacetKind, string> = {
  region: 'Russian regions',
  prefecture: 'Japanese prefectures',
  topic: 'Topics',
};

function outline(feed: FeedDocument, text: string): string {
  return emptyElement('outline', {
    type: 'rss',
    text,
    title: feed.title,
    xmlUrl: feed.links.rss,
    htmlUrl: feed.links.html,
    language: feed.language,
    description: feed.description,
  });
}

/** The OPML document; `feeds[0]` is the main feed. */
export function renderOpml(feeds: readonly FeedDocument[], title: string): string {
  const [main, ...filtered] = feeds;
  if (!main) throw new Error('renderOpml: the feed set has no main feed');
  const body: string[] = [`    ${outline(main, main.title)}`];
  for (const kind of FACET_KINDS) {
    const group = filtered.filter((feed) => feed.facet?.kind === kind);
    if (group.length === 0) continue;
    body.push(`    <outline text="${GROUP_TITLES[kind]}" title="${GROUP_TITLES[kind]}">`);
    for (const feed of group) body.push(`      ${outline(feed, feed.facet?.label ?? feed.title)}`);
    body.push('    </outline>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    ${element('title', title)}`,
    `    ${element('dateCreated', rfc822(main.updated))}`,
    `    ${element('dateModified', rfc822(main.updated))}`,
    '  </head>',
    '  <body>',
    ...body,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
