import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { ForbiddenAddressError, forbiddenRange, type LookupFunction } from './address-guard.js';

/**
 * One HTTP exchange on the wire: connect (through the address guard), send, read
 * the body under a byte cap, decompress under the same cap. No retries, no
 * redirects: the client above decides those. Every failure becomes a WireError
 * with a kind the pipeline can act on.
 */

export type WireErrorKind = 'timeout' | 'network' | 'forbidden-address' | 'too-large';

export class WireError extends Error {
  override name = 'WireError';
  constructor(
    readonly kind: WireErrorKind,
    message: string,
    readonly bytesReceived = 0,
  ) {
    super(message);
  }
}

export interface WireRequest {
  /** Where the socket goes (the recorded server in tests, the real host otherwise). */
  url: URL;
  method?: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** The guarded lookup; undefined for an explicitly allowed origin. */
  lookup?: LookupFunction;
  agents: { http: http.Agent; https: https.Agent };
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  /** Cap on the body after decompression. */
  maxBytes: number;
  /** False for redirects and 304s: the body is drained, not kept. */
  readBody: boolean;
}

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function sendRequest(req: WireRequest): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    let failure: WireError | null = null;
    let settled = false;
    const fail = (err: WireError) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      reject(err);
    };

    const isHttps = req.url.protocol === 'https:';
    const options: http.RequestOptions = {
      method: req.method ?? 'GET',
      headers: req.headers,
      agent: isHttps ? req.agents.https : req.agents.http,
      ...(req.lookup ? { lookup: req.lookup as unknown as http.RequestOptions['lookup'] } : {}),
    };
    const request = (isHttps ? https : http).request(req.url, options);

    const abort = (err: WireError) => {
      failure ??= err;
      request.destroy(err);
    };
    const totalTimer = setTimeout(
      () => abort(new WireError('timeout', `no complete answer within ${req.totalTimeoutMs} ms`)),
      req.totalTimeoutMs,
    );
    const connectTimer = setTimeout(
      () => abort(new WireError('timeout', `could not connect within ${req.connectTimeoutMs} ms`)),
      req.connectTimeoutMs,
    );

    request.on('socket', (socket: Socket) => {
      const connected = () => {
        clearTimeout(connectTimer);
        // Last line of defence: the address the socket really reached.
        const remote = socket.remoteAddress;
        const range = req.lookup && remote ? forbiddenRange(remote) : null;
        if (range && remote) abort(new WireError('forbidden-address', new ForbiddenAddressError(req.url.hostname, remote, range).message));
      };
      if (socket.connecting) socket.once('connect', connected);
      else connected();
    });

    request.on('error', (err: NodeJS.ErrnoException) => {
      if (failure) return fail(failure);
      if (err instanceof ForbiddenAddressError) return fail(new WireError('forbidden-address', err.message));
      fail(new WireError('network', describeNetworkError(err, req.url)));
    });

    request.on('response', (res) => {
      clearTimeout(connectTimer);
      res.on('error', () => undefined); // surfaced through the read loop below
      readResponse(res, req)
        .then((body) => {
          if (settled) return;
          settled = true;
          clearTimeout(totalTimer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        })
        .catch((err: unknown) => {
          if (failure) return fail(failure);
          if (err instanceof WireError) {
            request.destroy();
            return fail(err);
          }
          fail(new WireError('network', describeNetworkError(err as NodeJS.ErrnoException, req.url)));
        });
    });

    request.end();
  });
}

async function readResponse(res: http.IncomingMessage, req: WireRequest): Promise<Buffer> {
  if (!req.readBody || req.method === 'HEAD') {
    res.resume();
    return Buffer.alloc(0);
  }
  const declared = Number(res.headers['content-length']);
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (!encoding && Number.isFinite(declared) && declared > req.maxBytes) {
    res.destroy();
    throw new WireError('too-large', `body of ${formatBytes(declared)} is over the ${formatBytes(req.maxBytes)} cap; not downloaded`);
  }

  let stream: Readable = res;
  if (encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate') stream = res.pipe(zlib.createUnzip());
  else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
  if (stream !== res) res.on('error', (err) => stream.destroy(err));

  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > req.maxBytes) {
        // Keep nothing beyond the cap: the socket is closed and the rest never read.
        res.destroy();
        stream.destroy();
        throw new WireError(
          'too-large',
          `body over the ${formatBytes(req.maxBytes)} cap: cut off after ${formatBytes(received)}` +
            (encoding ? ` (decompressed ${encoding})` : ''),
          received,
        );
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof WireError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code?.startsWith('Z_') || /incorrect header|unexpected end of file|decompression/i.test(e.message)) {
      throw new WireError('network', `could not decompress ${encoding} body: ${e.message}`, received);
    }
    const of = Number.isFinite(declared) ? ` of ${formatBytes(declared)}` : '';
    throw new WireError('network', `connection closed mid-body after ${formatBytes(received)}${of}`, received);
  }
  // A body shorter than its Content-Length: the server died mid-way (no error event on some paths).
  if (!encoding && Number.isFinite(declared) && received < declared) {
    throw new WireError('network', `connection closed mid-body after ${formatBytes(received)} of ${formatBytes(declared)}`, received);
  }
  return Buffer.concat(chunks, Math.min(received, req.maxBytes));
}

function describeNetworkError(err: NodeJS.ErrnoException, url: URL): string {
  const where = url.host;
  switch (err.code) {
    case 'ECONNRESET':
      return `connection reset by ${where}`;
    case 'ECONNREFUSED':
      return `connection refused by ${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${url.hostname} not found (DNS)`;
    case 'EPIPE':
      return `connection to ${where} broke while sending`;
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
      return `malformed HTTP answer from ${where}`;
    default:
      if (/socket hang up/i.test(err.message)) return `connection closed by ${where} before an answer`;
      if (/certificate|SSL|TLS/i.test(err.message)) return `TLS error with ${where}: ${err.message}`;
      return `${err.code ?? 'network error'} from ${where}: ${err.message}`;
  }
}
