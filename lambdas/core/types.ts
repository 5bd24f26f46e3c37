/**
 * The shared vocabulary of the pipeline: plain data that crosses module boundaries.
 * Nothing here knows about AWS; the store adapters translate these to S3 and DynamoDB.
 */

/** ISO 639-1 code of the languages the feed follows; others are kept as reported. */
export type Lang = 'ru' | 'en' | 'ja' | (string & {});

/** A link found on a source's feed or list page, before the article is fetched. */
export interface Candidate {
  /** Canonical absolute URL of the article (tracking parameters and fragment dropped). */
  url: string;
  title?: string;
  /** ISO 8601 UTC, when the feed or list page states it. */
  publishedAt?: string;
  /** Teaser text from the feed or list page. */
  summary?: string;
  /** Full body given by the feed itself (content:encoded), used when the page cannot be fetched. */
  contentHtml?: string;
}

/** What the extractor finds in one article page. */
export interface ExtractedArticle {
  title: string;
  /** Plain text, paragraphs separated by one blank line, noise removed. */
  text: string;
  /** ISO 8601 UTC from machine-readable metadata (JSON-LD, OpenGraph, <meta>, <time datetime>). */
  publishedAt: string | null;
  /** Human-readable date string found in the page when no machine-readable date exists ("20 сентября 2019", "23:16 04.12.2017"); the pipeline parses it with the source's time zone. */
  dateText: string | null;
  author: string | null;
  lang: Lang | null;
  image: string | null;
  canonicalUrl: string | null;
  /** Short description from metadata or the first paragraph. */
  description: string | null;
}

/** One piece of evidence behind a classification: which term matched, where, and what it weighed. */
export interface Evidence {
  term: string;
  /** What the term stands for: 'russia' | 'japan' | 'relation' | 'third-country' | 'topic:<id>' | 'region:<id>' | 'prefecture:<id>' … */
  kind: string;
  field: 'title' | 'lead' | 'text';
  weight: number;
}

export interface ClassifyInput {
  id: string;
  title: string;
  text: string;
  lang?: Lang;
  url?: string;
}

export interface Classification {
  id: string;
  relevant: boolean;
  score: number;
  lang: Lang;
  /** Russian federal subjects, as gazetteer ids (e.g. 'krasnoyarsk-krai', 'saint-petersburg'). */
  regions: string[];
  /** Japanese prefectures, as gazetteer ids (e.g. 'tottori', 'hokkaido'). */
  prefectures: string[];
  /** Topic ids of the profile (e.g. 'interregional', 'trade-investment'). */
  topics: string[];
  evidence: Evidence[];
}

/** An item as the pipeline stores it and the feed renders it. */
export interface Item {
  /** Stable id: hex digest of the canonical URL. */
  id: string;
  url: string;
  sourceId: string;
  sourceName: string;
  /**
   * Where the source is polled, for RSS <source url>: its RSS or Atom feed, or its list page;
   * for a JSON endpoint its homepage when the registry gives one. Absent on items stored
   * before it was recorded.
   */
  sourceFeedUrl?: string;
  /**
   * The side the source speaks for, its registry tags.country ('ru', 'jp'); absent on items
   * stored before it was recorded and for sources without a country.
   */
  sourceCountry?: string;
  title: string;
  /** Lead or first paragraph, plain text, at most ~500 characters. */
  summary: string;
  /** Article body as plain text, paragraphs separated by blank lines (may be shortened for storage). */
  text: string;
  lang: Lang;
  /** ISO 8601 UTC. */
  publishedAt: string;
  /** True when the date could not be read and publishedAt is the fetch time. */
  dateEstimated: boolean;
  fetchedAt: string;
  author: string | null;
  image: string | null;
  relevant: boolean;
  score: number;
  regions: string[];
  prefectures: string[];
  topics: string[];
  evidence: Evidence[];
  /** Id of the canonical item of this item's story cluster (its own id when it is the canonical one). */
  clusterId: string;
  /** Key of the raw page in the archive bucket (gzip). */
  archiveKey: string | null;
}

/** Another place where the same story appeared. */
export interface AlsoIn {
  sourceId: string;
  sourceName: string;
  url: string;
  title: string;
  publishedAt: string;
}

/** One entry of a published feed: the canonical item of a story cluster and its other sources. */
export interface FeedEntry extends Item {
  alsoIn: AlsoIn[];
}

/** A file the publisher writes: a feed, the OPML list or the HTML page. */
export interface PublishedFile {
  /** Path relative to the feed root, forward slashes ('feed.xml', 'regions/amur-oblast.xml'). */
  path: string;
  contentType: string;
  body: string;
}

/** Settings of the published feed set, from configuration. */
export interface FeedSettings {
  title: string;
  description: string;
  /** Public base URL of the feed root, with a trailing slash ('https://feeds.example.org/'). */
  baseUrl: string;
  /** Link to the project or the site the feed is about. */
  homeUrl: string;
  language: Lang;
  /** How many entries the main feed carries. */
  maxEntries: number;
  /** Minutes a reader should wait between polls (RSS <ttl>). */
  ttlMinutes: number;
}

/** A clock the tests can fix. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
