import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPost } from '../../lambdas/store/sigv4.js';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** The SDK's own signer, with node:crypto hashes, as the reference for ours. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

async function sdkSignature(url: URL, headers: Record<string, string>, body: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region: string, at: Date) {
  const signer = new SignatureV4({ service: 'dynamodb', region, credentials, sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign(
    { method: 'POST', protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), path: url.pathname, query: {}, headers: { host: url.host, ...headers }, body },
    { signingDate: at },
  );
  return signed.headers.authorization;
}

describe('SigV4 for a JSON-protocol POST', () => {
  const at = new Date('2026-03-01T06:07:08.123Z');
  const cases = [
    { what: 'regional endpoint, role keys with a session token', url: 'https://dynamodb.eu-central-1.amazonaws.com/', region: 'eu-central-1', token: 'IQoJb3JpZ2luX2VjEXAMPLE//token+/=' },
    { what: 'local endpoint with a port, long-term keys', url: 'http://127.0.0.1:45123/', region: 'us-east-1', token: undefined },
  ];

  it.each(cases)('signs as the SDK signer does: $what', async ({ url, region, token }) => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ...(token ? { sessionToken: token } : {}) };
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Query' };
    const body = JSON.stringify({ TableName: 'rujp-items', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'FP#2026-03 ü 東京' } } });
    const ours = signPost({ url: new URL(url), headers, body }, { service: 'dynamodb', region }, credentials, at);
    expect(ours.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260301\/[a-z0-9-]+\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;.*Signature=[0-9a-f]{64}$/);
    expect(ours.headers.authorization).toBe(await sdkSignature(new URL(url), headers, body, credentials, region, at));
    expect(ours.headers['x-amz-date']).toBe('20260301T060708Z');
    expect(ours.headers['x-amz-security-token']).toBe(token);
  });

  it('changes the signature when the body, the target or the day changes', () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
    const sign = (target: string, body: string, when: Date) =>
      signPost({ url: new URL('https://dynamodb.eu-central-1.amazonaws.com/'), headers: { 'x-amz-target': target }, body }, { service: 'dynamodb', region: 'eu-central-1' }, credentials, when).headers.authorization;
    const base = sign('DynamoDB_20120810.GetItem', '{}', at);
    expect(sign('DynamoDB_20120810.PutItem', '{}', at)).not.toBe(base);
    expect(sign('DynamoDB_20120810.GetItem', '{"a":1}', at)).not.toBe(base);
    expect(sign('DynamoDB_20120810.GetItem', '{}', new Date('2026-03-02T06:07:08Z'))).not.toBe(base);
  });
});
