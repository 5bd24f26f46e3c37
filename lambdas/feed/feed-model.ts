import type { AlsoIn, FeedEntry, Lang } from '../core/types.js';
import { entryHtml, isWebUrl } from './entry-html.js';

/**
 * The one item model every renderer reads: built once per entry, so RSS, Atom, JSON Feed
 * and the page cannot disagree about an id, a date, a label or what was sanitized.
 */

export const FACET_KINDS = ['region', 'prefecture', 'topic'] as const;
export type FacetKind = (typeof FACET_KINDS)[number];

/** Folder of each facet's feeds under the feed root. */
export const FACET_FOLDERS: Record<FacetKind, string> = {
  region: 'regions',
  prefecture: 'prefectures',
  topic: 'topics',
};

export type LabelFn = (kind: FacetKind, id: string) => string;

export interface FeedCategory {
  kind: FacetKind;
  id: string;
  label: string;
  /** Taxonomy URL (RSS category domain, Atom scheme): the facet's folder under the feed root. */
  scheme: string;
}

export interface FeedItemModel {
  id: string;
  /** Stable across formats, deployments and base URLs; never a URL, so isPermaLink is false. */
  guid: string;
  /** The article URL when it is http(s); null otherwise (readers must never get a script link). */
  url: string | null;
  title: string;
  summary: string;
  /** Sanitized HTML: paragraphs of the text, then the other sources of the story. */
  contentHtml: string;
  publishedAt: Date;
  dateEstimated: boolean;
  /** When the pipeline learnt of the item (later than publishedAt for late finds). */
  fetchedAt: Date;
  lang: Lang;
  /** The side the source speaks for ('ru', 'jp'), from its registry tags; null when not recorded. */
  side: string | null;
  /** The byline, or the source when the article has none. */
  creator: string;
  /** `url`: the source's own feed or list page (RSS <source url>), null when the item does not say. */
  source: { id: string; name: string; url: string | null };
  image: string | null;
  categories: FeedCategory[];
  alsoIn: AlsoIn[];
}

/** One feed of the set: its own title and links, and the items it carries (newest first). */
export interface FeedDocument {
  /** '' for the main feed, else the folder of a filtered feed ('regions/amur-oblast/'). */
  dir: string;
  facet: { kind: FacetKind; id: string; label: string } | null;
  title: string;
  description: string;
  language: Lang;
  links: { rss: string; atom: string; json: string; html: string };
  /** The newest date among the items (the wall clock only for an empty feed), so output is reproducible. */
  updated: Date;
  ttlMinutes: number;
  items: FeedItemModel[];
}

/** An entry the feed cannot carry, named by its id (or position) and the field at fault. */
export class FeedEntryError extends Error {
  override name = 'FeedEntryError';
  constructor(
    readonly entryId: string,
    readonly field: string,
    problem: string,
  ) {
    super(`feed entry ${entryId}: ${field} ${problem}`);
  }
}

/** Facet ids become folder names, so only gazetteer-style slugs are accepted. */
export const FACET_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

export function guidFor(id: string): string {
  return `urn:rujp-feed:item:${id}`;
}

export function parseDate(value: unknown, entryId: string, field: string): Date {
  if (typeof value !== 'string') throw new FeedEntryError(entryId, field, 'is missing');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new FeedEntryError(entryId, field, `is not a date: ${JSON.stringify(value.slice(0, 60))}`);
  return date;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Builds the item model of one entry. Throws FeedEntryError for an entry no reader could
 * show (no id, no date); facet ids that are not slugs are dropped from its categories.
 */
export function toFeedItem(entry: FeedEntry, baseUrl: string, label: LabelFn): FeedItemModel {
  const id = text(entry.id);
  if (!id) throw new FeedEntryError(text(entry.url) || '(no id)', 'id', 'is missing');
  const publishedAt = parseDate(entry.publishedAt, id, 'publishedAt');
  const fetchedAt = typeof entry.fetchedAt === 'string' && !Number.isNaN(Date.parse(entry.fetchedAt)) ? new Date(entry.fetchedAt) : publishedAt;
  const url = typeof entry.url === 'string' && isWebUrl(entry.url) ? entry.url : null;
  const sourceName = text(entry.sourceName) || text(entry.sourceId) || 'unknown source';
  const summary = text(entry.summary);
  const body = text(entry.text) || summary;
  const title = text(entry.title) || summary.slice(0, 80) || '(untitled)';
  const categories: FeedCategory[] = [];
  const facetLists: Record<FacetKind, unknown> = { region: entry.regions, prefecture: entry.prefectures, topic: entry.topics };
  for (const kind of FACET_KINDS) {
    const ids = Array.isArray(facetLists[kind]) ? (facetLists[kind] as unknown[]) : [];
    for (const facetId of ids) {
      if (typeof facetId !== 'string' || !FACET_ID.test(facetId)) continue;
      categories.push({ kind, id: facetId, label: label(kind, facetId), scheme: `${baseUrl}${FACET_FOLDERS[kind]}/` });
    }
  }
  const alsoIn = Array.isArray(entry.alsoIn) ? entry.alsoIn.filter((a) => a && typeof a.sourceName === 'string') : [];
  return {
    id,
    guid: guidFor(id),
    url,
    title,
    summary,
    contentHtml: entryHtml(body, alsoIn),
    publishedAt,
    dateEstimated: entry.dateEstimated === true,
    fetchedAt,
    lang: text(entry.lang) || 'und',
    side: /^[a-z]{2}$/.test(text(entry.sourceCountry)) ? text(entry.sourceCountry) : null,
    creator: text(entry.author) || sourceName,
    source: {
      id: text(entry.sourceId),
      name: sourceName,
      url: typeof entry.sourceFeedUrl === 'string' && isWebUrl(entry.sourceFeedUrl) ? entry.sourceFeedUrl : null,
    },
    image: typeof entry.image === 'string' && entry.image.startsWith('https://') ? entry.image : null,
    categories,
    alsoIn,
  };
}

/** Newest first; the id breaks ties so equal dates still give one order. */
export function newestFirst(a: FeedItemModel, b: FeedItemModel): number {
  const byDate = b.publishedAt.getTime() - a.publishedAt.getTime();
  if (byDate !== 0) return byDate;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** RFC 822 date as RSS and OPML want it ('Fri, 20 Sep 2019 09:41:00 GMT'). */
export function rfc822(date: Date): string {
  return date.toUTCString();
}

/** RFC 3339 without milliseconds, as Atom and JSON Feed show it. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
