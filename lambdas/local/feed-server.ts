import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import { cacheControlFor, contentTypeFor } from '../feed/content-types.js';
import { PAGE_CSP_HEADER } from '../feed/html-page.js';

/**
 * The static server behind `rujp serve`: the published directory as CloudFront would serve
 * the feed bucket, with the same media types and cache headers, and real revalidation so a
 * feed reader polling it gets 304s. Loopback only by default: it is a preview, not a host.
 */

export interface ServeOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * The base URL the files were published with (`http://127.0.0.1:8787/`). Text files are
   * served with it replaced by this server's own base URL, so self links, the OPML and the
   * filtered feeds' links point where the files are actually served. The files stay as written.
   */
  rebaseFrom?: string;
}

export interface ServedDirectory {
  /** Base URL with a trailing slash ('http://127.0.0.1:43127/'). */
  url: string;
  close(): Promise<void>;
}

interface Cached {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found</title></head>
<body><h1>Not found</h1><p>There is no such file here. The feeds are listed on <a href="/index.html">the start page</a>.</p></body></html>
`;

/** Maps a request path to a file inside `root`, or null when it would leave it or is malformed. */
export function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.replace(/^\/+/, '');
  const target = resolve(root, relative.endsWith('/') || relative === '' ? `${relative}index.html` : relative);
  return target === root || target.startsWith(root + sep) ? target : null;
}

function isText(contentType: string): boolean {
  return /^text\/|\+xml|\/xml|json/.test(contentType);
}

function strongEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  // Weak comparison is what RFC 9110 prescribes for If-None-Match.
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Serves `dir` over HTTP: GET and HEAD, Content-Type with charset, Cache-Control, strong
 * ETag and Last-Modified; If-None-Match / If-Modified-Since answered with 304; a 404 page;
 * paths that would escape the directory get 404 too.
 */
export async function serveDirectory(dir: string, options: ServeOptions = {}): Promise<ServedDirectory> {
  const root = resolve(dir);
  const rootStat = await stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) throw new Error(`serveDirectory: ${dir} is not a directory`);
  const cache = new Map<string, Cached>();
  // Set once the server listens: the rewrite needs the port it got.
  let rebase: ((file: string, body: Buffer) => Buffer) | null = null;

  async function load(file: string): Promise<Cached | null> {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const known = cache.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
    const read = await readFile(file);
    const body = rebase ? rebase(file, read) : read;
    const fresh = { mtimeMs: info.mtimeMs, size: info.size, body, etag: strongEtag(body) };
    cache.set(file, fresh);
    return fresh;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET and HEAD are served.\n');
      return;
    }
    const pathname = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    const file = resolveInside(root, pathname);
    const found = file ? await load(file) : null;
    if (!file || !found) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : NOT_FOUND_PAGE);
      return;
    }
    const relativePath = file.slice(root.length + 1).split(sep).join('/');
    // HTTP dates have one-second precision; compare at that precision or a fresh copy never matches.
    const lastModified = new Date(Math.floor(found.mtimeMs / 1000) * 1000);
    const headers = {
      'Content-Type': contentTypeFor(relativePath),
      'Cache-Control': cacheControlFor(relativePath),
      ETag: found.etag,
      'Last-Modified': lastModified.toUTCString(),
      // The headers CloudFront's response headers policy adds (lib/feed-distribution.ts), so the
      // page is tried locally under the policy it gets in production.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': PAGE_CSP_HEADER,
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    };
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    const notModified =
      ifNoneMatch !== undefined
        ? matchesEtag(ifNoneMatch, found.etag)
        : ifModifiedSince !== undefined && !Number.isNaN(Date.parse(ifModifiedSince)) && lastModified.getTime() <= Date.parse(ifModifiedSince);
    if (notModified) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(found.body.length) });
    res.end(method === 'HEAD' ? undefined : found.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Could not serve ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;
  const from = options.rebaseFrom;
  if (from && from !== url) {
    rebase = (file, body) => (isText(contentTypeFor(file)) ? Buffer.from(body.toString('utf8').replaceAll(from, url), 'utf8') : body);
  }
  return {
    url,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((error) => (error ? fail(error) : ok()));
        server.closeAllConnections();
      }),
  };
}
