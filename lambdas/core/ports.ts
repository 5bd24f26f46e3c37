/**
 * The two narrow storage interfaces the core needs. lambdas/store/ implements them on
 * DynamoDB and S3; nothing else in the core knows where the bytes go.
 */
import type { Item, PublishedFile } from './types.js';
import type { RobotsSnapshot } from '../http/types.js';

/** What is remembered about one source between polls. */
export interface SourceState {
  sourceId: string;
  etag?: string;
  lastModified?: string;
  /** Digest of the candidate URLs last seen, so an unchanged list costs no known-item lookup. */
  listDigest?: string;
  lastPolledAt?: string;
  lastSuccessAt?: string;
  /** Polls in a row that failed; drives the backoff across runs. */
  consecutiveFailures: number;
  /** Before this instant the schedule does not poll the source again. */
  nextAttemptAt?: string;
  lastError?: string;
  /** Since when the source has been failing without a success in between. */
  failingSince?: string;
  /**
   * What robots.txt said for the origins this source's polls fetch from (its list page
   * first, then its article hosts), so a new process obeys it without asking again for a
   * day. Rows written before the field existed have none: robots.txt is fetched, as then.
   */
  robots?: RobotsSnapshot[];
}

/** A stored item's fingerprint, for the near-duplicate check across sources. */
export interface StoredFingerprint {
  id: string;
  clusterId: string;
  sourceId: string;
  publishedAt: string;
  /** Story fingerprint of the item: MinHash of its words and its anchors (see lambdas/dedupe/story-signature.ts). */
  signature: string;
  relevant?: boolean;
}

/** A stored item as the feed query returns it: the item and the fingerprint it was stored with. */
export interface FeedCandidate extends Item {
  signature?: string | null;
}

export type PutItemOutcome = 'created' | 'exists';

export interface ItemStore {
  getSourceState(sourceId: string): Promise<SourceState | null>;
  getSourceStates(sourceIds: readonly string[]): Promise<Map<string, SourceState>>;
  putSourceState(state: SourceState): Promise<void>;
  /** Which of these item ids are already stored (one batched read per 100 ids). */
  findKnownIds(ids: readonly string[]): Promise<Set<string>>;
  /**
   * Stores an item once: a second put of the same id (retry, concurrent run) changes
   * nothing and answers 'exists'. The item is written last, after everything that
   * belongs to it, so a stored item is always a completely processed one.
   */
  putItem(item: Item, signature: string): Promise<PutItemOutcome>;
  /** Fingerprints of the items published in these months ('YYYY-MM'), for the near-duplicate check. */
  fingerprintsInMonths(months: readonly string[]): Promise<StoredFingerprint[]>;
  /** Newest relevant items (every member of a story, not only its first), newest first, with their fingerprints. */
  listFeedItems(limit: number): Promise<FeedCandidate[]>;
  /** All items of the given story clusters, keyed by cluster id. */
  listClusterMembers(clusterIds: readonly string[]): Promise<Map<string, Item[]>>;
  getItem(id: string): Promise<Item | null>;
}

export interface BlobStore {
  put(key: string, body: Buffer, meta: { contentType: string; contentEncoding?: string }): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}

export interface FeedTarget {
  /** Writes the files whose bytes changed; answers which paths it wrote. */
  publish(files: readonly PublishedFile[]): Promise<{ written: string[]; unchanged: string[] }>;
}

/** The message that asks the fetcher to poll one source. */
export interface SourceMessage {
  sourceId: string;
}

export interface QueueSender {
  send(messages: readonly SourceMessage[]): Promise<void>;
}
