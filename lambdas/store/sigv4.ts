/**
 * AWS Signature Version 4 for one kind of request: a POST to a JSON-protocol service with no
 * query string (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 *
 * Written here rather than taken from a library, for the cold start: the SDK's own signer
 * (`@smithy/signature-v4`) imports `@smithy/core`, which the lazily loaded S3 and SQS clients
 * share, so esbuild's code splitting moved 80 KiB of SDK core into every handler's start module;
 * `aws4fetch` builds WHATWG `Headers`, and the first `Headers` makes Node compile its bundled
 * undici (measured at 0.3–0.5× a bare `node -e 0`). This file is the few lines of the algorithm
 * the table client needs, checked against `@smithy/signature-v4` in test/store/sigv4.test.ts.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedPost {
  /** Lower-case names: what was given, plus host, x-amz-date, x-amz-security-token, authorization. */
  headers: Record<string, string>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20260301T060000Z` and `20260301` of a date, as SigV4 writes them. */
function stamps(date: Date): { amzDate: string; day: string } {
  const amzDate = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return { amzDate, day: amzDate.slice(0, 8) };
}

/** The signing key depends only on the secret, day, region and service: one HMAC chain a day. */
const keyCache = new Map<string, Buffer>();
function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${day}\n${region}\n${service}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
    if (keyCache.size > 10) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  return key;
}

/**
 * Signs a POST of `body` to `url` (its path and host; no query) for `service` in `region`.
 * Every header given is signed, so the caller passes only those that are part of the request's
 * meaning (content type, target), not hop-by-hop ones such as content-length.
 */
export function signPost(
  request: { url: URL; headers: Record<string, string>; body: string },
  scope: { service: string; region: string },
  credentials: SigningCredentials,
  now: Date = new Date(),
): SignedPost {
  const { amzDate, day } = stamps(now);
  const headers: Record<string, string> = { host: request.url.host, 'x-amz-date': amzDate };
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const path = request.url.pathname || '/';
  const canonicalRequest = ['POST', path, '', canonicalHeaders, signedHeaders, sha256Hex(request.body)].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, scope.region, scope.service))
    .update(stringToSign, 'utf8')
    .digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers };
}
