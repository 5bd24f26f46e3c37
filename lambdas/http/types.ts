/**
 * The polite fetcher's contract. The pipeline sees only this; the implementation
 * (retries, robots.txt, charset, SSRF guard, size cap) lives beside it in lambdas/http/.
 */

export interface FetchRequest {
  /** The real, public URL of the resource (what is stored and linked). */
  url: string;
  /** What the caller expects: decides the Accept header and the bot-check heuristics. */
  purpose: 'feed' | 'page' | 'json';
  /** Validators from the previous fetch, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /** Charset to use whatever the server says (registry override). */
  encoding?: string;
  /** Accept header for this request, when the source needs its own (Kommersant answered 406 to application/rss+xml). */
  accept?: string;
}

export type FetchFailureKind =
  | 'http' // 4xx/5xx after retries
  | 'network' // DNS, refused, reset
  | 'timeout'
  | 'too-large' // body over the cap: cut off, never buffered whole
  | 'blocked' // bot-check / JavaScript challenge page
  | 'forbidden-address' // resolves to a private, loopback, link-local or metadata address
  | 'robots' // disallowed by robots.txt
  | 'redirects' // too many redirects or a loop
  | 'bad-url';

export type FetchResult =
  | {
      ok: true;
      status: 200;
      /** The real URL after redirects. */
      url: string;
      /** Body decoded to a string with the charset below. */
      body: string;
      /** Bytes as received (after transfer decoding), for the archive. */
      raw: Buffer;
      contentType: string;
      charset: string;
      etag?: string;
      lastModified?: string;
    }
  | { ok: true; status: 304; url: string }
  | {
      ok: false;
      url: string;
      kind: FetchFailureKind;
      /** One line a person can act on: "HTTP 503 after 3 tries", "body over 10 MiB cut off"… */
      reason: string;
      status?: number;
      /** Seconds the server asked us to wait (429/503 Retry-After). */
      retryAfterSeconds?: number;
    };

export interface HttpClient {
  fetch(req: FetchRequest): Promise<FetchResult>;
  /** Requests sent on the wire so far, retries and robots.txt included. */
  readonly requestCount: number;
  /** What robots.txt said, to keep between runs; absent when the client does not read robots.txt. */
  readonly robots?: RobotsMemory;
}

/**
 * One origin's robots.txt answer as it is kept between runs (in the source's state row), so
 * a new client need not ask again while it is fresh. Plain data: it crosses into storage.
 */
export interface RobotsSnapshot {
  /** 'https://tass.ru' */
  origin: string;
  /** The product token the rules were picked for ('rujp-feed'); another agent ignores the snapshot. */
  agent: string;
  /** When the answer was last confirmed (a 2xx, a 304 or a 4xx), ISO 8601. */
  fetchedAt: string;
  /** 200, or the 4xx that means "no robots.txt, allow all". */
  status: number;
  /** The lines of the file that decide anything for `agent`, in robots.txt syntax; absent: nothing disallowed. */
  rules?: string;
  /** Validators of a 200, for the conditional refresh. */
  etag?: string;
  lastModified?: string;
}

export interface RobotsMemory {
  /**
   * Hands the client answers kept from earlier runs. Anything that is not a well-formed
   * snapshot for this client's agent is ignored, and so is one older than what the client
   * already knows; a stale one is obeyed only until it is refreshed (conditionally).
   */
  recall(snapshots: readonly unknown[]): void;
  /** The last confirmed answer for an origin ('https://tass.ru'), when there is one small enough to keep. */
  snapshot(origin: string): RobotsSnapshot | undefined;
}
