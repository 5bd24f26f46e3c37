import { gzipSync } from 'node:zlib';
import type { BlobStore, ItemStore } from '../core/ports.js';
import type { Candidate, Classification, ClassifyInput, ExtractedArticle, Item } from '../core/types.js';
import type { FetchFailureKind, FetchResult, HttpClient } from '../http/types.js';
import type { SourceEntry } from '../sources/registry-schema.js';
import { parseNewsDate } from '../text/dates.js';
import { feedHtmlToText } from '../text/html-text.js';
import { extractArticle } from '../extract/extract-article.js';
import { classify, ClassifyInputError } from '../classify/classify.js';
import { detectLang } from '../classify/detect-lang.js';
import { prefecturesOf } from './publisher-places.js';
import { storySignature } from '../dedupe/story-signature.js';
import { findCluster, monthsAround } from '../dedupe/find-cluster.js';
import type { FingerprintCache, PipelineLog } from './poll-source.js';
import { itemIdOf } from './item-id.js';

/** DynamoDB items stay far below their 400 KB limit; the whole text is in the S3 JSON. */
const STORED_TEXT_CHARS = 20_000;
const SUMMARY_CHARS = 500;

export type ArticleOutcome =
  | { status: 'created'; item: Item }
  | { status: 'exists'; item: Item }
  /** `retry`: the failure may pass (network, 5xx), so the article is tried again next poll. */
  | { status: 'failed'; reason: string; retry: boolean };

/** Links the fetcher refuses on principle: never stored, not even from the feed's own text. */
const REFUSED: ReadonlySet<FetchFailureKind> = new Set(['forbidden-address', 'robots', 'bad-url']);

/** The classifier refuses huge inputs; the opening of an article says what it is about. */
const CLASSIFIED_CHARS = 100_000;

function isTransient(page: Extract<FetchResult, { ok: false }>): boolean {
  return page.kind === 'network' || page.kind === 'timeout' || (page.kind === 'http' && (page.status ?? 0) >= 500) || page.status === 429;
}

export interface ArticleDeps {
  http: HttpClient;
  items: ItemStore;
  archive: BlobStore;
  log: PipelineLog;
  fingerprints: FingerprintCache;
  now: Date;
}

/**
 * `<source>/<yyyy>/<mm>/<dd>/<id>.html.gz` and the extracted `<id>.json` beside it: a
 * listing sorts by source, then date. An item whose date had to be guessed goes under
 * `<source>/undated/`, so a retry on another day writes the same keys, not new ones.
 */
export function archiveKeys(
  sourceId: string,
  publishedAt: string,
  id: string,
  dateEstimated = false,
): { raw: string; json: string } {
  const folder = dateEstimated ? 'undated' : publishedAt.slice(0, 10).replaceAll('-', '/');
  return { raw: `${sourceId}/${folder}/${id}.html.gz`, json: `${sourceId}/${folder}/${id}.json` };
}

function summaryOf(text: string, fallback?: string): string {
  const first = (fallback?.trim() || text.split(/\n\s*\n/)[0] || '').replace(/\s+/g, ' ').trim();
  return first.length > SUMMARY_CHARS ? `${first.slice(0, SUMMARY_CHARS - 1).trimEnd()}…` : first;
}

/**
 * The date an item is filed under: machine-readable metadata first, then the feed's own
 * date, then a human date on the page read in the source's zone; failing all, the fetch
 * time, marked as estimated.
 */
function dateOf(
  extracted: ExtractedArticle | null,
  candidate: Candidate,
  source: SourceEntry,
  now: Date,
): { publishedAt: string; estimated: boolean } {
  if (extracted?.publishedAt) return { publishedAt: extracted.publishedAt, estimated: false };
  if (candidate.publishedAt) return { publishedAt: candidate.publishedAt, estimated: false };
  if (extracted?.dateText) {
    const parsed = parseNewsDate(extracted.dateText, { timeZone: source.timeZone, now, lang: source.lang });
    if (parsed) return { publishedAt: parsed.toISOString(), estimated: false };
  }
  return { publishedAt: now.toISOString(), estimated: true };
}

/**
 * The source's own channel, as RSS <source url> names it: the feed for rss and atom sources,
 * the list page a person reads for html-list; a JSON endpoint is no page for people, so its
 * source's homepage when the registry has one.
 */
export function sourceFeedUrlOf(source: SourceEntry): string {
  return source.kind === 'json' ? (source.homepage ?? source.url) : source.url;
}

/**
 * An item the classifier cannot judge (a language it does not read, no text) is kept, as not relevant.
 * A broken profile or model is no verdict on the item: it propagates, so nothing is stored as "not relevant"
 * for want of weights, and the message names the file.
 */
function classifySafely(input: ClassifyInput, log: PipelineLog): Classification {
  try {
    return classify(input);
  } catch (error) {
    if (!(error instanceof ClassifyInputError)) throw error;
    log.warn('not classified', { id: input.id, error: (error as Error).message });
    return { id: input.id, relevant: false, score: 0, lang: detectLang(input.text), regions: [], prefectures: [], topics: [], evidence: [] };
  }
}

/** Fetch, archive, extract, classify, cluster and store one new article. */
export async function processArticle(
  source: SourceEntry,
  candidate: Candidate,
  deps: ArticleDeps,
): Promise<ArticleOutcome> {
  const id = itemIdOf(candidate.url);
  const page = await deps.http.fetch({ url: candidate.url, purpose: 'page', encoding: source.encoding });

  let extracted: ExtractedArticle | null = null;
  let raw: Buffer | null = null;
  if (page.ok && page.status === 200) {
    raw = page.raw;
    try {
      extracted = extractArticle(page.body, { url: page.url, selectors: source.article });
    } catch (error) {
      deps.log.warn('extraction failed', { url: candidate.url, error: (error as Error).message });
    }
  }

  if (!page.ok && REFUSED.has(page.kind)) {
    return { status: 'failed', reason: `${page.kind}: ${page.reason}`, retry: false };
  }
  // When the page cannot be had, the feed's own text stands in: its full text (content:encoded)
  // always, its teaser only when the page is gone for good (a transient failure is retried).
  const transient = !page.ok && isTransient(page);
  let text = extracted?.text ?? '';
  if (!text && candidate.contentHtml) text = feedHtmlToText(candidate.contentHtml);
  if (!text && candidate.summary && !page.ok && !transient) text = candidate.summary;
  const title = (candidate.title || extracted?.title || '').trim();
  if (!text || !title) {
    const why = page.ok ? (page.status === 200 ? 'no article text found' : 'unexpected 304') : `${page.kind}: ${page.reason}`;
    return { status: 'failed', reason: why, retry: transient };
  }

  const { publishedAt, estimated } = dateOf(extracted, candidate, source, deps.now);
  const keys = archiveKeys(source.id, publishedAt, id, estimated);
  const verdict = classifySafely({ id, title, text: text.slice(0, CLASSIFIED_CHARS), lang: extracted?.lang ?? source.lang, url: candidate.url }, deps.log);
  const sig = storySignature(title, text);
  const known = await deps.fingerprints.around(monthsAround(publishedAt));
  const cluster = findCluster({ id, sourceId: source.id, publishedAt, signature: sig }, known);

  const item: Item = {
    id,
    url: candidate.url,
    sourceId: source.id,
    sourceName: source.name,
    ...(source.tags.country ? { sourceCountry: source.tags.country } : {}),
    sourceFeedUrl: sourceFeedUrlOf(source),
    title,
    summary: summaryOf(text, extracted?.description ?? candidate.summary),
    text: text.length > STORED_TEXT_CHARS ? `${text.slice(0, STORED_TEXT_CHARS)}…` : text,
    lang: verdict.lang,
    publishedAt,
    dateEstimated: estimated,
    fetchedAt: deps.now.toISOString(),
    author: extracted?.author ?? null,
    image: extracted?.image ?? null,
    relevant: verdict.relevant,
    score: verdict.score,
    regions: verdict.regions,
    prefectures: prefecturesOf(verdict, source),
    topics: verdict.topics,
    evidence: verdict.evidence.slice(0, 40),
    clusterId: cluster?.clusterId ?? id,
    archiveKey: raw ? keys.raw : null,
  };

  // Archive before the item row: the row is the mark that all of this is done.
  if (raw) {
    await deps.archive.put(keys.raw, gzipSync(raw), {
      contentType: page.ok && page.status === 200 ? page.contentType : 'text/html',
      contentEncoding: 'gzip',
    });
  }
  await deps.archive.put(keys.json, Buffer.from(JSON.stringify({ ...item, text }, null, 1)), {
    contentType: 'application/json; charset=utf-8',
  });
  const outcome = await deps.items.putItem(item, sig);
  if (outcome === 'created') {
    deps.fingerprints.remember({
      id,
      clusterId: item.clusterId,
      sourceId: source.id,
      publishedAt,
      relevant: item.relevant,
      signature: sig,
    });
  }
  return { status: outcome, item };
}
