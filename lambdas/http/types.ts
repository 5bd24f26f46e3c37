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
}
