/**
 * An HTTP proxy in front of an embedded server (DynamoDB or S3) that records every request a
 * bundle makes, and can answer chosen ones with an error instead, as AWS would. It works at the
 * wire (method, path, X-Amz-Target, body), so it sees what any client sends, SDK or not.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  /** The DynamoDB action (`DynamoDB_20120810.PutItem` → `PutItem`), if any. */
  action?: string;
  body: string;
  /** The status answered (by the server, or by a fault); unset while the request is in flight. */
  status?: number;
}

export interface Fault {
  status: number;
  /** DynamoDB's JSON error shape: `{"__type": "...#ValidationException", "message": ...}`. */
  body: unknown;
}

export interface RecordingProxy {
  endpoint: string;
  requests: SeenRequest[];
  /** Answers the requests this returns a fault for, instead of forwarding them. */
  faultWhen(rule: ((request: SeenRequest) => Fault | undefined) | undefined): void;
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: SeenRequest[] = [];
  let rule: ((request: SeenRequest) => Fault | undefined) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        ...(target ? { action: target.split('.').pop() } : {}),
        body: body.toString('utf8'),
      };
      requests.push(seen);
      const fault = rule?.(seen);
      if (fault) {
        seen.status = fault.status;
        res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(fault.body));
        return;
      }
      // Headers as sent (the signature covers Host, which stays the proxy's).
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          seen.status = answer.statusCode;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(error.message);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    faultWhen(next) {
      rule = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
