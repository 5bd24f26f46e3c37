import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { z } from 'zod';

/**
 * Serves recorded sites from files on 127.0.0.1, so the demo and the tests see the
 * web as it is (old encodings, lying headers, 304s, broken servers) without
 * touching it. A real URL https://tass.ru/rss/v2.xml is served at
 * http://127.0.0.1:<port>/tass.ru/rss/v2.xml, from <root>/tass.ru/_routes.json.
 */

const RouteSchema = z
  .object({
    file: z.string().min(1).optional(),
    contentType: z.string().optional(),
    lastModified: z.string().optional(),
    status: z.number().int().min(100).max(599).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    location: z.string().optional(),
    fault: z.enum(['reset', 'hang', 'truncate', 'huge', 'drip']).optional(),
    truncateAt: z.number().int().nonnegative().optional(),
    /** truncate: false sends no Content-Length and ends cleanly, so only the parser can tell. */
    declareLength: z.boolean().optional(),
    size: z.number().int().positive().optional(),
    /** drip: bytes per chunk and the pause between chunks. */
    dripBytes: z.number().int().positive().optional(),
    dripMs: z.number().int().nonnegative().optional(),
    /** Only the first N requests get the status, headers and fault; later ones are served normally (a server that recovers). */
    failFirst: z.number().int().positive().optional(),
    /** Answers 406 when the Accept header contains this text (Kommersant did so for application/rss+xml). */
    rejectAccept: z.string().optional(),
    /** Sends the file compressed with this Content-Encoding. */
    encoding: z.enum(['gzip', 'deflate', 'br']).optional(),
  })
  .strict();

const RoutesFileSchema = z.object({ routes: z.record(z.string(), RouteSchema) }).strict();

export type RecordedRoute = z.infer<typeof RouteSchema>;

export class RecordedSiteError extends Error {
  override name = 'RecordedSiteError';
}

interface LoadedRoute extends RecordedRoute {
  body?: Buffer;
  etag?: string;
  served: number;
}

interface Site {
  host: string;
  routes: Map<string, LoadedRoute>;
}

/** A fixed default so recorded answers are the same on every run. */
const DEFAULT_LAST_MODIFIED = 'Mon, 01 Jan 2024 00:00:00 GMT';

export interface RecordedServer {
  /** 'http://127.0.0.1:<port>' */
  origin: string;
  /** Maps a real URL to this server when its host has a recorded folder; null otherwise. */
  route: (url: URL) => URL | null;
  hosts: string[];
  /** Requests answered so far, per "host/path?query" (for tests that count traffic). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export function loadSites(roots: string[]): Map<string, Site> {
  const sites = new Map<string, Site>();
  for (const root of roots) {
    if (!existsSync(root)) throw new RecordedSiteError(`recorded sites folder not found: ${root}`);
    for (const host of readdirSync(root).sort()) {
      const dir = path.join(root, host);
      if (!statSync(dir).isDirectory()) continue;
      const routesFile = path.join(dir, '_routes.json');
      if (!existsSync(routesFile)) throw new RecordedSiteError(`${host}: missing _routes.json in ${dir}`);
      let parsed: z.infer<typeof RoutesFileSchema>;
      try {
        const json: unknown = JSON.parse(readFileSync(routesFile, 'utf8'));
        const result = RoutesFileSchema.safeParse(json);
        if (!result.success) {
          const issue = result.error.issues[0]!;
          throw new RecordedSiteError(`${host}/_routes.json: ${issue.path.join('.')}: ${issue.message}`);
        }
        parsed = result.data;
      } catch (err) {
        if (err instanceof RecordedSiteError) throw err;
        throw new RecordedSiteError(`${host}/_routes.json: ${(err as Error).message}`);
      }
      const site = sites.get(host.toLowerCase()) ?? { host: host.toLowerCase(), routes: new Map() };
      for (const [key, route] of Object.entries(parsed.routes)) {
        if (!key.startsWith('/')) throw new RecordedSiteError(`${host}/_routes.json: route "${key}" must start with "/"`);
        const loaded: LoadedRoute = { ...route, served: 0 };
        if (route.file) {
          const file = path.join(dir, route.file);
          if (!existsSync(file)) throw new RecordedSiteError(`${host}/_routes.json: route "${key}": file "${route.file}" not found`);
          loaded.body = readFileSync(file);
          loaded.etag = `"${createHash('sha256').update(loaded.body).digest('base64url').slice(0, 27)}"`;
        }
        site.routes.set(key, loaded);
      }
      sites.set(site.host, site);
    }
  }
  return sites;
}

function findRoute(site: Site, pathAndQuery: string): LoadedRoute | undefined {
  const exact = site.routes.get(pathAndQuery);
  if (exact) return exact;
  const q = pathAndQuery.indexOf('?');
  return q >= 0 ? site.routes.get(pathAndQuery.slice(0, q)) : undefined;
}

function notFound(res: http.ServerResponse, what: string): void {
  const body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body><h1>Not Found</h1><p>${escapeHtml(what)} is not recorded.</p></body></html>`;
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function notModified(req: http.IncomingMessage, etag: string | undefined, lastModified: string): boolean {
  const inm = req.headers['if-none-match'];
  if (inm && etag) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const ims = req.headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    const modified = Date.parse(lastModified);
    return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
  }
  return false;
}

// One 64 KiB block of list-page markup, repeated: big writes keep a 50 MB answer quick.
const FILLER = Buffer.from(
  (
    '<div class="news-item"><a href="/news/1">Новость дня: регион и префектура обсудили сотрудничество</a><p>' +
    'Делегация обсудила поставки, логистику и туристические обмены между регионами.</p></div>\n'
  ).repeat(256),
).subarray(0, 64 * 1024);

function serve(loaded: LoadedRoute, req: http.IncomingMessage, res: http.ServerResponse, sockets: Set<import('node:net').Socket>): void {
  loaded.served++;
  let route: LoadedRoute = loaded;
  if (loaded.failFirst !== undefined && loaded.served > loaded.failFirst) {
    const { status: _s, headers: _h, fault: _f, location: _l, ...healthy } = loaded;
    route = healthy as LoadedRoute;
  }
  if (route.rejectAccept && String(req.headers.accept ?? '').includes(route.rejectAccept)) {
    const page = '<html><head><title>406 Not Acceptable</title></head><body><h1>Not Acceptable</h1></body></html>';
    res.writeHead(406, { 'content-type': 'text/html', 'content-length': page.length });
    return void res.end(page);
  }
  const lastModified = route.lastModified ?? DEFAULT_LAST_MODIFIED;
  const headers: Record<string, string | number> = {};
  if (route.contentType) headers['content-type'] = route.contentType;
  if (route.location) headers['location'] = route.location;

  if (route.fault === 'hang') {
    // Never answer; the socket is closed when the server closes.
    sockets.add(req.socket);
    return;
  }
  if (route.fault === 'huge') {
    res.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'text/html; charset=utf-8', ...route.headers });
    if (req.method === 'HEAD') return void res.end();
    streamFiller(res, route.size ?? 50 * 1024 * 1024);
    return;
  }

  const body = route.body;
  if (body) {
    headers['etag'] = route.etag!;
    headers['last-modified'] = lastModified;
  }
  Object.assign(headers, route.headers);
  const status = route.status ?? (body ? 200 : 204);

  if (body && status === 200 && notModified(req, route.etag, lastModified)) {
    res.writeHead(304, { etag: route.etag!, 'last-modified': lastModified });
    return void res.end();
  }

  if (route.fault === 'reset') {
    res.writeHead(status, { ...headers, ...(body ? { 'content-length': body.length } : {}) });
    res.flushHeaders();
    // Give the headers a moment to leave, then drop the connection with an RST.
    setTimeout(() => req.socket.resetAndDestroy(), 5);
    return;
  }
  if (route.fault === 'truncate') {
    const data = body ?? Buffer.alloc(0);
    const cut = data.subarray(0, route.truncateAt ?? Math.floor(data.length / 2));
    if (route.declareLength === false) {
      res.writeHead(status, headers);
      return void res.end(req.method === 'HEAD' ? undefined : cut);
    }
    res.writeHead(status, { ...headers, 'content-length': data.length });
    if (req.method === 'HEAD') return void res.end();
    res.write(cut, () => setTimeout(() => req.socket.destroy(), 5));
    return;
  }
  if (route.fault === 'drip') {
    const data = body ?? Buffer.alloc(0);
    res.writeHead(status, { ...headers, 'content-length': data.length });
    if (req.method === 'HEAD') return void res.end();
    const step = route.dripBytes ?? 64;
    let offset = 0;
    const timer = setInterval(() => {
      if (res.destroyed || offset >= data.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(data.subarray(offset, offset + step));
      offset += step;
    }, route.dripMs ?? 50);
    res.on('close', () => clearInterval(timer));
    return;
  }

  if (body && route.encoding) {
    const packed =
      route.encoding === 'gzip' ? gzipSync(body) : route.encoding === 'br' ? brotliCompressSync(body) : deflateSync(body);
    res.writeHead(status, { ...headers, 'content-encoding': route.encoding, 'content-length': packed.length });
    return void res.end(req.method === 'HEAD' ? undefined : packed);
  }
  if (body) headers['content-length'] = body.length;
  else if (status >= 300 && status < 400) headers['content-length'] = 0;
  else if (status >= 400) {
    const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${status}</title></head><body><h1>${status}</h1></body></html>`;
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page), ...headers });
    return void res.end(req.method === 'HEAD' ? undefined : page);
  }
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Streams `size` bytes of filler HTML honouring back-pressure, never holding more than one chunk. */
function streamFiller(res: http.ServerResponse, size: number): void {
  let sent = 0;
  const head = Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Лента</title></head><body>\n');
  const write = (): void => {
    while (sent < size) {
      const chunk = sent === 0 ? head : FILLER;
      const piece = chunk.length > size - sent ? chunk.subarray(0, size - sent) : chunk;
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', write);
    }
    res.end();
  };
  res.on('close', () => {
    sent = size; // the client hung up: stop producing
  });
  write();
}

/**
 * Starts the recorded-source server on 127.0.0.1 (port 0: any free port).
 * `root` is one or more folders holding `<host>/_routes.json` trees; a host found in
 * several roots has its routes merged, later roots winning.
 */
export async function startRecordedServer(options: { root: string | string[]; port?: number }): Promise<RecordedServer> {
  const roots = Array.isArray(options.root) ? options.root : [options.root];
  const sites = loadSites(roots);
  const hits = new Map<string, number>();
  const hanging = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    const raw = req.url ?? '/';
    const slash = raw.indexOf('/', 1);
    const firstEnd = slash < 0 ? (raw.includes('?') ? raw.indexOf('?') : raw.length) : slash;
    const host = decodeURIComponent(raw.slice(1, firstEnd)).toLowerCase();
    let rest = raw.slice(firstEnd) || '/';
    if (rest.startsWith('?')) rest = `/${rest}`;
    hits.set(`${host}${rest}`, (hits.get(`${host}${rest}`) ?? 0) + 1);
    const site = sites.get(host);
    if (!site) return notFound(res, `host ${host}`);
    const route = findRoute(site, rest);
    if (!route) return notFound(res, `${host}${rest}`);
    serve(route, req, res, hanging);
  });
  // Keep-alive sockets would hold close() open.
  server.keepAliveTimeout = 2_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    hosts: [...sites.keys()],
    hits,
    route(url: URL): URL | null {
      const host = url.hostname.toLowerCase();
      if (!sites.has(host)) return null;
      return new URL(`${origin}/${host}${url.pathname}${url.search}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of hanging) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
