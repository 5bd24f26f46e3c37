import http from 'node:http';
import https from 'node:https';
import pkg from '../../package.json' with { type: 'json' };
import { guardedLookup, literalAddressProblem, type LookupFunction } from './address-guard.js';
import { parseRetryAfter, retryDelayMs } from './backoff.js';
import { detectBotCheck } from './bot-check.js';
import { decodeBody, UnknownCharsetError } from './charset.js';
import { HostLimiter } from './host-limiter.js';
import { RobotsCache } from './robots-cache.js';
import { sendRequest, WireError, type WireResponse } from './send-request.js';
import type { FetchFailureKind, FetchRequest, FetchResult, HttpClient } from './types.js';

export const DEFAULT_USER_AGENT = `rujp-feed/${pkg.version} (+https://github.com/rujp-feed/rujp-feed)`;

export interface HttpClientOptions {
  /** Sent on every request, robots.txt included; its product token is what robots.txt rules match. */
  userAgent?: string;
  /** Time to establish the TCP connection (default 5 s). */
  connectTimeoutMs?: number;
  /** Time for one whole attempt, headers and body (default 20 s). */
  totalTimeoutMs?: number;
  /** Body cap after decompression (default 10 MiB); a larger body is cut off and reported as `too-large`. */
  maxBytes?: number;
  /** Redirect hops followed before giving up (default 5). */
  maxRedirects?: number;
  /** Retries after the first attempt for network errors, timeouts, 408, 429 and 5xx (default 2). */
  retries?: number;
  /** Base of the exponential backoff between retries (default 500 ms; full jitter). */
  retryBaseMs?: number;
  /** Longest backoff between retries (default 8 s). */
  retryCapMs?: number;
  /** A Retry-After longer than this is not waited for: the failure is reported with retryAfterSeconds (default 30). */
  maxRetryAfterSeconds?: number;
  /** Requests in flight per host (default 2). */
  perHostConcurrency?: number;
  /** Minimum gap between the starts of two requests to one host (default 1 s). */
  perHostDelayMs?: number;
  /** Obey robots.txt (default true). */
  respectRobots?: boolean;
  /** How long a robots.txt answer is used before it is asked again, conditionally (default 24 h). */
  robotsTtlMs?: number;
  /** Maps a real URL to where it is served from (the recorded-source server); null: fetch as is. */
  route?: (url: URL) => URL | null;
  /** Exact origins ('http://127.0.0.1:43121') fetched although they are loopback. Nothing else private ever is. */
  allowOrigins?: string[];
  /** DNS lookup behind the address guard (tests inject a resolver that maps names to chosen addresses). */
  lookup?: LookupFunction;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The clock of per-host spacing, Retry-After dates and robots.txt ages (tests move it on). */
  now?: () => number;
  /** Accept header per purpose. */
  accept?: Partial<Record<FetchRequest['purpose'], string>>;
}

const DEFAULT_ACCEPT: Record<FetchRequest['purpose'], string> = {
  feed: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8',
  page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8',
  json: 'application/json, text/javascript;q=0.9, */*;q=0.8',
};

/** Bodies of error answers are read only to spot bot walls; they need not be large. */
const ERROR_BODY_BYTES = 256 * 1024;

export interface HttpClientWithClose extends HttpClient {
  /** Closes idle keep-alive sockets (the process would not wait for them anyway). */
  close(): void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Failure = Extract<FetchResult, { ok: false }>;

/**
 * Creates the polite, guarded fetcher.
 *
 * @example
 * const client = createHttpClient({ route: server.route, allowOrigins: [server.origin] });
 * const res = await client.fetch({ url: 'https://tass.ru/rss/v2.xml', purpose: 'feed' });
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClientWithClose {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const retries = options.retries ?? 2;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryCapMs = options.retryCapMs ?? 8_000;
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 30;
  const respectRobots = options.respectRobots ?? true;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const accept = { ...DEFAULT_ACCEPT, ...options.accept };
  const allowOrigins = new Set((options.allowOrigins ?? []).map((o) => new URL(o).origin));
  const lookup = guardedLookup(options.lookup);
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };
  const limiter = new HostLimiter({
    concurrency: Math.max(1, options.perHostConcurrency ?? 2),
    delayMs: options.perHostDelayMs ?? 1_000,
    sleep,
    now,
  });
  let requestCount = 0;

  /** One request to a real URL, routed and guarded; throws WireError. */
  async function exchange(
    real: URL,
    headers: Record<string, string>,
    readBody: boolean,
    cap: number,
  ): Promise<WireResponse> {
    const wire = options.route?.(real) ?? real;
    const allowed = allowOrigins.has(wire.origin);
    if (!allowed) {
      const problem = literalAddressProblem(wire);
      if (problem) throw new WireError('forbidden-address', problem.message);
    }
    requestCount++;
    return sendRequest({
      url: wire,
      headers: { 'user-agent': userAgent, 'accept-encoding': 'gzip, deflate, br', ...headers },
      ...(allowed ? {} : { lookup }),
      agents,
      connectTimeoutMs,
      totalTimeoutMs,
      maxBytes: cap,
      readBody,
    });
  }

  const robots = new RobotsCache({
    userAgent,
    now,
    ...(options.robotsTtlMs !== undefined ? { ttlMs: options.robotsTtlMs } : {}),
    fetchRobots: async (robotsUrl, validators) => {
      let url = new URL(robotsUrl);
      const headers: Record<string, string> = { accept: 'text/plain, */*;q=0.5' };
      // Sent on every hop: a redirect answers 3xx whatever they say, and they belong to the file at its end.
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      // robots.txt may redirect (http → https, bare → www); follow a few hops.
      let res!: WireResponse;
      for (let hop = 0; hop <= 3; hop++) {
        try {
          res = await limiter.run(url.host, () => exchange(url, headers, true, 512 * 1024));
        } catch (err) {
          return { kind: 'unreachable', reason: (err as Error).message };
        }
        if (res.status === 304) return { kind: 'not-modified' };
        if (res.status >= 300 && res.status < 400 && res.headers.location) {
          url = new URL(res.headers.location, url);
          continue;
        }
        break;
      }
      const { status } = res;
      if (status >= 200 && status < 300) {
        const etag = headerValue(res.headers.etag);
        const lastModified = headerValue(res.headers['last-modified']);
        return {
          kind: 'ok',
          text: decodeBody(res.body, String(res.headers['content-type'] ?? '')).text,
          ...(etag ? { etag } : {}),
          ...(lastModified ? { lastModified } : {}),
        };
      }
      // RFC 9309: 4xx means there is no robots.txt for us; so do redirects that lead nowhere.
      // 429 is the server asking us to slow down, which is not "no robots.txt".
      if ((status >= 400 && status < 500 && status !== 429) || (status >= 300 && status < 400)) return { kind: 'unavailable', status };
      return { kind: 'unreachable', reason: `HTTP ${status}` };
    },
  });

  async function fetchOne(req: FetchRequest): Promise<FetchResult> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return failure(req.url, 'bad-url', `not a URL: ${JSON.stringify(req.url.slice(0, 200))}`);
    }
    const visited: string[] = [];
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return failure(url.href, 'bad-url', `not an http(s) URL: ${url.protocol}`);
      }
      url.hash = '';
      if (visited.includes(url.href)) {
        return failure(url.href, 'redirects', `redirect loop: ${[...visited, url.href].slice(visited.indexOf(url.href)).join(' → ')}`);
      }
      if (hop > maxRedirects) {
        return failure(url.href, 'redirects', `more than ${maxRedirects} redirects from ${visited[0]}`);
      }
      visited.push(url.href);

      if (respectRobots) {
        const rules = await robots.rulesFor(url);
        if (rules.crawlDelayMs) limiter.setMinDelay(url.host, rules.crawlDelayMs);
        if (!rules.isAllowed(url.href)) return failure(url.href, 'robots', `disallowed by ${url.origin}/robots.txt`);
      }

      const result = await withRetries(url, req, hop === 0);
      if ('redirect' in result) {
        try {
          url = new URL(result.redirect, url);
        } catch {
          return failure(url.href, 'bad-url', `redirect to a bad URL: ${JSON.stringify(result.redirect.slice(0, 200))}`);
        }
        continue;
      }
      return result;
    }
  }

  async function withRetries(url: URL, req: FetchRequest, firstHop: boolean): Promise<FetchResult | { redirect: string }> {
    let acceptHeader = req.accept ?? accept[req.purpose];
    let relaxedAccept = false;
    let last: Failure | null = null;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        const asked = last?.retryAfterSeconds;
        await sleep(asked !== undefined ? asked * 1000 : retryDelayMs(attempt - 1, retryBaseMs, retryCapMs, random));
      }
      const headers: Record<string, string> = { accept: acceptHeader };
      // Validators belong to the URL the caller asked for, not to where it redirects.
      if (firstHop && req.etag) headers['if-none-match'] = req.etag;
      if (firstHop && req.lastModified) headers['if-modified-since'] = req.lastModified;

      let res: WireResponse;
      try {
        res = await limiter.run(url.host, () => exchange(url, headers, true, maxBytes));
      } catch (err) {
        if (!(err instanceof WireError)) throw err;
        last = failure(url.href, err.kind, err.message);
        if (err.kind === 'network' || err.kind === 'timeout') continue;
        return last;
      }

      const { status } = res;
      if (status === 304) return { ok: true, status: 304, url: url.href };
      if (status >= 300 && status < 400 && status !== 304) {
        const location = res.headers.location;
        if (!location) return failure(url.href, 'http', `HTTP ${status} without a Location header`, status);
        return { redirect: location };
      }
      if (status === 200 || (status > 200 && status < 300)) return success(url, res, req);

      const body = res.body.subarray(0, ERROR_BODY_BYTES);
      const wall = detectBotCheck(body.toString('utf8'));
      if (wall) return failure(url.href, 'blocked', `${wall} (HTTP ${status})`, status);

      // Kommersant has answered 406 to a feed Accept header: ask again for anything.
      if (status === 406 && !relaxedAccept) {
        relaxedAccept = true;
        acceptHeader = '*/*';
        attempt--;
        continue;
      }
      const retryAfter = parseRetryAfter(headerValue(res.headers['retry-after']), new Date(now()));
      last = failure(url.href, 'http', `HTTP ${status}${statusHint(status)}`, status, retryAfter);
      const retriable = status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
      if (!retriable) return last;
      if (retryAfter !== undefined && retryAfter > maxRetryAfterSeconds) {
        return { ...last, reason: `${last.reason}; server asks to wait ${retryAfter} s (Retry-After), not waited` };
      }
      // 429 without Retry-After still gets the normal backoff.
    }
    const tries = retries + 1;
    return last ? { ...last, reason: `${last.reason} after ${tries} ${tries === 1 ? 'try' : 'tries'}` } : failure(url.href, 'network', 'no attempt made');
  }

  function success(url: URL, res: WireResponse, req: FetchRequest): FetchResult {
    const contentType = headerValue(res.headers['content-type']) ?? '';
    let decoded;
    try {
      decoded = decodeBody(res.body, contentType, req.encoding);
    } catch (err) {
      if (err instanceof UnknownCharsetError) return failure(url.href, 'bad-url', err.message);
      throw err;
    }
    const wall = detectBotCheck(decoded.text);
    if (wall) return failure(url.href, 'blocked', wall, res.status);
    const etag = headerValue(res.headers.etag);
    const lastModified = headerValue(res.headers['last-modified']);
    return {
      ok: true,
      status: 200,
      url: url.href,
      body: decoded.text,
      raw: res.body,
      contentType,
      charset: decoded.charset,
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
    };
  }

  return {
    fetch: async (req) => {
      try {
        return await fetchOne(req);
      } catch (err) {
        // A bug or an unexpected library error must still fail only this one fetch.
        return failure(req.url, 'network', `unexpected error: ${(err as Error).message}`);
      }
    },
    get requestCount() {
      return requestCount;
    },
    ...(respectRobots ? { robots } : {}),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function failure(url: string, kind: FetchFailureKind, reason: string, status?: number, retryAfterSeconds?: number): Failure {
  return {
    ok: false,
    url,
    kind,
    reason,
    ...(status !== undefined ? { status } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function statusHint(status: number): string {
  return (
    {
      401: ' (authentication required)',
      403: ' (forbidden)',
      404: ' (not found)',
      406: ' (not acceptable)',
      410: ' (gone)',
      429: ' (too many requests)',
      500: ' (server error)',
      502: ' (bad gateway)',
      503: ' (service unavailable)',
      504: ' (gateway timeout)',
    } as Record<number, string>
  )[status] ?? '';
}

