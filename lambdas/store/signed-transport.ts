/**
 * The HTTP leg of the signed DynamoDB path: one POST, the whole answer as text.
 *
 * node:http/https rather than `fetch`: Node compiles its bundled undici on the first `fetch`,
 * which measured costlier than the https module it replaces (fresh process, median of 11:
 * `node -e 0` 1.0, an https request 1.3×, a fetch 1.7×), and fetch-source loads node:https for
 * its own HTTP client anyway.
 */
import http from 'node:http';
import https from 'node:https';

export interface TransportRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface Transport {
  (request: TransportRequest): Promise<TransportResponse>;
  destroy?(): void;
}

/** No answer within this long counts as a broken connection, which is retried. */
const REQUEST_TIMEOUT_MS = 10_000;

export class TransportTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Keep-alive sockets, one pool per client: a warm Lambda reuses its TLS connection. */
export function nodeTransport(timeoutMs = REQUEST_TIMEOUT_MS): Transport {
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  const send: Transport = (request) =>
    new Promise((resolve, reject) => {
      const secure = request.url.protocol === 'https:';
      const req = (secure ? https : http).request(
        request.url,
        { method: 'POST', headers: request.headers, agent: agents[secure ? 'https:' : 'http:'], timeout: timeoutMs },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('error', reject);
          res.on('end', () => {
            const headers: Record<string, string | undefined> = {};
            for (const [name, value] of Object.entries(res.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(parts).toString('utf8') });
          });
        },
      );
      req.on('timeout', () => req.destroy(new TransportTimeoutError(`no answer from ${request.url.host} within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(request.body);
    });
  send.destroy = () => {
    agents['http:'].destroy();
    agents['https:'].destroy();
  };
  return send;
}
