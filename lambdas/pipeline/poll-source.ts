import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { BlobStore, ItemStore, SourceState, StoredFingerprint } from '../core/ports.js';
import type { Candidate, Clock } from '../core/types.js';
import type { FetchResult, HttpClient, RobotsSnapshot } from '../http/types.js';
import { nextAttemptAfter } from '../http/backoff.js';
import type { SourceEntry } from '../sources/registry-schema.js';
import { itemIdOf } from './item-id.js';
import type { ArticleOutcome } from './process-article.js';

export interface PollDeps {
  http: HttpClient;
  items: ItemStore;
  archive: BlobStore;
  clock: Clock;
  log: PipelineLog;
}

/** What the pipeline tells the operator; Powertools' Logger and the CLI's printer both fit. */
export interface PipelineLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface PollReport {
  sourceId: string;
  status: 'ok' | 'not-modified' | 'failed';
  /** Why the source failed, or what went wrong with some of its articles. */
  reason?: string;
  failureKind?: string;
  candidates: number;
  items: { new: number; relevant: number; duplicate: number; failed: number };
  /** URLs of the items this poll stored. */
  newUrls: string[];
  /** For a failed source: since when it has failed without a success in between (ISO). */
  failingSince?: string;
  /** Articles that could not be processed this time; they are retried on the next poll. */
  articleFailures: { url: string; reason: string }[];
  /** Items stored with the fetch time because no date could be read from the page or the list. */
  undated: string[];
  warnings: string[];
}

const PURPOSE = { rss: 'feed', atom: 'feed', 'html-list': 'page', json: 'json' } as const;

/**
 * robots.txt answers kept in one source's state row: its list page's origin first, then
 * the hosts this poll's articles came from, then those kept before. Enough for a source
 * whose articles live on another host or two; beyond that, robots.txt is asked once per
 * process, as before.
 */
const MAX_ROBOTS_ORIGINS = 4;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * What robots.txt said for the origins this poll fetched from, then for those kept before:
 * the client's current answer for each (recalled from the row, confirmed or refreshed).
 */
function keptRobots(previous: SourceState, touched: ReadonlySet<string>, http: HttpClient): RobotsSnapshot[] | undefined {
  // A client that does not read robots.txt leaves the row's answers as they were.
  if (!http.robots) return previous.robots;
  const earlier: unknown[] = Array.isArray(previous.robots) ? previous.robots : [];
  const kept: RobotsSnapshot[] = [];
  const seen = new Set<string>();
  const earlierOrigins = earlier.map((entry) => (entry as { origin?: unknown } | null)?.origin);
  for (const origin of [...touched, ...earlierOrigins]) {
    if (typeof origin !== 'string' || seen.has(origin)) continue;
    seen.add(origin);
    const snapshot = http.robots.snapshot(origin);
    if (snapshot) kept.push(snapshot);
    if (kept.length === MAX_ROBOTS_ORIGINS) break;
  }
  return kept.length > 0 ? kept : undefined;
}

function digestOf(candidates: readonly Candidate[]): string {
  const hash = createHash('sha256');
  for (const candidate of candidates) hash.update(candidate.url).update('\n');
  return hash.digest('hex').slice(0, 32);
}

/**
 * Most polls end at a 304 or an unchanged list, so the feed and page readers are loaded after
 * a 200 and extraction, classification and dedupe on the first new article: a Lambda that
 * only polls never compiles them (they are chunks of their own in the bundle).
 */
const loadDiscovery = () => import('../sources/discover.js');
const loadArticlePipeline = () => import('./process-article.js');

function emptyReport(sourceId: string): PollReport {
  return {
    sourceId,
    status: 'ok',
    candidates: 0,
    items: { new: 0, relevant: 0, duplicate: 0, failed: 0 },
    newUrls: [],
    articleFailures: [],
    undated: [],
    warnings: [],
  };
}

/**
 * One poll of one source: a conditional GET of its feed or list page, then every article
 * not yet stored is fetched, archived, extracted, classified, clustered and stored.
 * Failures are reported, never thrown: one source or article cannot stop the others.
 */
export async function pollSource(source: SourceEntry, deps: PollDeps): Promise<PollReport> {
  const report = emptyReport(source.id);
  const now = deps.clock.now();
  const previous: SourceState = (await deps.items.getSourceState(source.id)) ?? {
    sourceId: source.id,
    consecutiveFailures: 0,
  };
  const state: SourceState = { ...previous, lastPolledAt: now.toISOString() };
  // robots.txt as the last poll left it: unchanged sources then cost their one conditional GET.
  deps.http.robots?.recall(Array.isArray(previous.robots) ? previous.robots : []);
  const touched = new Set<string>();
  const touch = (url: string) => {
    const origin = originOf(url);
    if (origin) touched.add(origin);
  };
  touch(source.url);
  /** Every state write carries the robots.txt answers, so they cost no call of their own. */
  const withRobots = (next: SourceState): SourceState => ({ ...next, robots: keptRobots(previous, touched, deps.http) });

  let listing: FetchResult;
  try {
    listing = await deps.http.fetch({
      url: source.url,
      purpose: PURPOSE[source.kind],
      etag: previous.etag,
      lastModified: previous.lastModified,
      encoding: source.encoding,
      accept: source.accept,
    });
  } catch (error) {
    listing = { ok: false, url: source.url, kind: 'network', reason: (error as Error).message };
  }

  touch(listing.url);
  if (!listing.ok) {
    return fail(report, withRobots(state), previous, deps, now, listing.reason, listing.kind, listing.retryAfterSeconds);
  }
  if (listing.status === 304) {
    report.status = 'not-modified';
    await deps.items.putSourceState(withRobots(succeeded(state, now)));
    return report;
  }

  let candidates: Candidate[];
  try {
    const { discoverCandidates } = await loadDiscovery();
    const found = discoverCandidates(source, listing.body, listing.url, now);
    candidates = found.candidates;
    report.warnings.push(...found.warnings);
  } catch (error) {
    return fail(report, withRobots(state), previous, deps, now, (error as Error).message, 'unreadable');
  }
  report.candidates = candidates.length;
  const validators = { etag: listing.etag, lastModified: listing.lastModified };
  const digest = digestOf(candidates);
  if (digest === previous.listDigest) {
    report.status = 'not-modified';
    await deps.items.putSourceState(withRobots(succeeded({ ...state, ...validators }, now)));
    return report;
  }

  const ids = candidates.map((candidate) => itemIdOf(candidate.url));
  const known = await deps.items.findKnownIds(ids);
  const fresh = candidates.filter((_, i) => !known.has(ids[i]!));
  const fingerprints = new FingerprintCache(deps.items);
  let retryLater = 0;
  for (const candidate of fresh) {
    let outcome: ArticleOutcome;
    touch(candidate.url);
    try {
      const { processArticle } = await loadArticlePipeline();
      outcome = await processArticle(source, candidate, { ...deps, fingerprints, now });
    } catch (error) {
      // Storage trouble mid-pass: stop this source; whatever is stored stays, the rest is
      // picked up by the next poll because the list digest is not advanced.
      report.items.failed += 1;
      retryLater += 1;
      report.articleFailures.push({ url: candidate.url, reason: (error as Error).message });
      deps.log.warn('article failed', { source: source.id, url: candidate.url, error: (error as Error).message });
      report.reason = `storage error: ${(error as Error).message}`;
      break;
    }
    if (outcome.status === 'failed') {
      report.items.failed += 1;
      if (outcome.retry) retryLater += 1;
      report.articleFailures.push({ url: candidate.url, reason: outcome.reason });
      deps.log.warn('article skipped', { source: source.id, url: candidate.url, reason: outcome.reason });
      continue;
    }
    if (outcome.status === 'exists') continue;
    report.items.new += 1;
    report.newUrls.push(outcome.item.url);
    if (outcome.item.dateEstimated) {
      report.undated.push(outcome.item.url);
      deps.log.warn('no date found on the page or the list; stored with the fetch time', { source: source.id, url: outcome.item.url });
    }
    if (outcome.item.relevant) report.items.relevant += 1;
    if (outcome.item.clusterId !== outcome.item.id) report.items.duplicate += 1;
    deps.log.info('item stored', {
      source: source.id,
      id: outcome.item.id,
      relevant: outcome.item.relevant,
      title: outcome.item.title,
    });
  }

  // Advance the digest only when no article waits for a retry (network, 5xx, storage), so
  // those are fetched again next poll; a refused or vanished link is not retried forever.
  const complete = retryLater === 0;
  await deps.items.putSourceState(
    withRobots(
      succeeded(
        {
          ...state,
          ...(complete ? validators : { etag: undefined, lastModified: undefined }),
          listDigest: complete ? digest : previous.listDigest,
        },
        now,
      ),
    ),
  );
  if (report.items.failed > 0 && !report.reason) {
    report.reason = `${report.items.failed} of ${fresh.length} new articles failed${complete ? '' : `; ${retryLater} retried next poll`}`;
  }
  return report;
}

function succeeded(state: SourceState, now: Date): SourceState {
  return {
    ...state,
    lastSuccessAt: now.toISOString(),
    consecutiveFailures: 0,
    nextAttemptAt: undefined,
    failingSince: undefined,
    lastError: undefined,
  };
}

/**
 * Records a failed poll. A poll that comes before the source's backoff has run out (a manual
 * run, a second run soon after the first; the schedule never queues one) was not one of the
 * spaced tries the backoff counts, so it does not lengthen the wait; and when it fails just as
 * the stored row says, the row already tells everything, so it is not written again: a pass
 * where nothing changed costs a blocked source its one read, like any other source.
 */
async function fail(
  report: PollReport,
  state: SourceState,
  previous: SourceState,
  deps: PollDeps,
  now: Date,
  reason: string,
  kind: string,
  retryAfterSeconds?: number,
): Promise<PollReport> {
  const backoffEnds = previous.nextAttemptAt ? Date.parse(previous.nextAttemptAt) : Number.NaN;
  const inBackoff = backoffEnds > now.getTime();
  const failures = inBackoff ? state.consecutiveFailures : state.consecutiveFailures + 1;
  let next = inBackoff ? new Date(backoffEnds) : nextAttemptAfter(failures, now);
  if (retryAfterSeconds && now.getTime() + retryAfterSeconds * 1000 > next.getTime()) {
    next = new Date(now.getTime() + retryAfterSeconds * 1000);
  }
  report.status = 'failed';
  report.reason = reason;
  report.failureKind = kind;
  report.failingSince = state.failingSince ?? now.toISOString();
  deps.log.warn('source failed', { sourceId: state.sourceId, kind, reason, failingSince: report.failingSince });
  const row: SourceState = {
    ...state,
    consecutiveFailures: failures,
    nextAttemptAt: next.toISOString(),
    lastError: `${kind}: ${reason}`,
    failingSince: report.failingSince,
  };
  if (inBackoff && sameStateBesidesPollTime(row, previous)) return report;
  await deps.items.putSourceState(row);
  return report;
}

/** Equal in every field but lastPolledAt, an absent field being the same as an undefined one. */
function sameStateBesidesPollTime(a: SourceState, b: SourceState): boolean {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  fields.delete('lastPolledAt');
  return [...fields].every((field) => isDeepStrictEqual(a[field as keyof SourceState], b[field as keyof SourceState]));
}

/** Loads each month's fingerprints once per poll and remembers the items stored during it. */
export class FingerprintCache {
  private readonly months = new Map<string, StoredFingerprint[]>();
  private readonly added: StoredFingerprint[] = [];

  constructor(private readonly items: ItemStore) {}

  async around(months: readonly string[]): Promise<StoredFingerprint[]> {
    const missing = months.filter((month) => !this.months.has(month));
    if (missing.length > 0) {
      const rows = await this.items.fingerprintsInMonths(missing);
      for (const month of missing) this.months.set(month, []);
      for (const row of rows) this.months.get(row.publishedAt.slice(0, 7))?.push(row);
    }
    const seen = new Set<string>();
    const out: StoredFingerprint[] = [];
    for (const row of [...months.flatMap((month) => this.months.get(month) ?? []), ...this.added]) {
      if (!seen.has(row.id)) {
        seen.add(row.id);
        out.push(row);
      }
    }
    return out;
  }

  remember(fingerprint: StoredFingerprint): void {
    this.added.push(fingerprint);
    this.months.get(fingerprint.publishedAt.slice(0, 7))?.push(fingerprint);
  }
}
