import { describe, expect, it } from 'vitest';
import { DynamoJsonClient, DynamoResponseError, regionalEndpoint, type DynamoJsonClientOptions } from '../../lambdas/store/dynamo-json-client.js';
import type { TransportRequest, TransportResponse } from '../../lambdas/store/signed-transport.js';

/** A client whose wire answers from a list, recording each request and each wait. */
function clientWith(answers: (TransportResponse | Error)[], options: Partial<DynamoJsonClientOptions> = {}) {
  const requests: TransportRequest[] = [];
  const waits: number[] = [];
  const client = new DynamoJsonClient({
    region: 'eu-central-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    random: () => 1,
    sleep: async (ms) => {
      waits.push(ms);
    },
    transport: async (request) => {
      requests.push(request);
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return answer;
    },
    ...options,
  });
  return { client, requests, waits };
}

const ok = (body: object): TransportResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) });
const fault = (status: number, type: string, message = 'x'): TransportResponse => ({
  status,
  headers: { 'x-amzn-requestid': 'REQ1' },
  body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
});

describe('DynamoDB over the signed JSON path', () => {
  it('sends the operation DynamoDB names in X-Amz-Target, signed, with document values marshalled both ways', async () => {
    const { client, requests } = clientWith([ok({ Item: { pk: { S: 'ITEM#a' }, n: { N: '3' }, tags: { L: [{ S: 'x' }] }, gone: { NULL: true } } })]);
    const out = await client.send('GetItem', { TableName: 't', Key: { pk: 'ITEM#a', sk: 'ITEM' } });
    expect(out.Item).toEqual({ pk: 'ITEM#a', n: 3, tags: ['x'], gone: null });
    const [request] = requests;
    expect(request!.url.href).toBe('https://dynamodb.eu-central-1.amazonaws.com/');
    expect(request!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-central-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*x-amz-target/);
    expect(JSON.parse(request!.body)).toEqual({ TableName: 't', Key: { pk: { S: 'ITEM#a' }, sk: { S: 'ITEM' } } });
  });

  it('drops undefined attributes as the store did with lib-dynamodb, and unmarshalls batch answers and their unprocessed keys', async () => {
    const { client, requests } = clientWith([
      ok({}),
      ok({ Responses: { t: [{ pk: { S: 'SOURCE#a' } }] }, UnprocessedKeys: { t: { Keys: [{ pk: { S: 'SOURCE#b' }, sk: { S: 'STATE' } }] } } }),
    ]);
    await client.send('PutItem', { TableName: 't', Item: { pk: 'SOURCE#a', sk: 'STATE', etag: undefined, failures: 0 } });
    expect(JSON.parse(requests[0]!.body).Item).toEqual({ pk: { S: 'SOURCE#a' }, sk: { S: 'STATE' }, failures: { N: '0' } });
    const out = await client.send('BatchGetItem', { RequestItems: { t: { Keys: [{ pk: 'SOURCE#a', sk: 'STATE' }], ProjectionExpression: 'pk' } } });
    expect(JSON.parse(requests[1]!.body).RequestItems.t).toEqual({ Keys: [{ pk: { S: 'SOURCE#a' }, sk: { S: 'STATE' } }], ProjectionExpression: 'pk' });
    expect(out.Responses).toEqual({ t: [{ pk: 'SOURCE#a' }] });
    expect(out.UnprocessedKeys).toEqual({ t: { Keys: [{ pk: 'SOURCE#b', sk: 'STATE' }] } });
  });

  it('fails a conditional put with an error named ConditionalCheckFailedException, at once', async () => {
    const { client, requests } = clientWith([fault(400, 'ConditionalCheckFailedException', 'The conditional request failed')]);
    const error = await client.send('PutItem', { TableName: 't', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'REQ1' } });
    expect((error as Error).message).toBe('DynamoDB PutItem: ConditionalCheckFailedException: The conditional request failed (HTTP 400)');
    expect(requests).toHaveLength(1);
  });

  it('retries throttling and 5xx with growing jittered waits, and gives up after three attempts naming them', async () => {
    const throttled = clientWith([fault(400, 'ProvisionedThroughputExceededException'), fault(400, 'ThrottlingException'), ok({ Items: [] })]);
    expect(await throttled.client.send('Query', { TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'FP#2020-01' } })).toEqual({
      Items: [],
    });
    expect(throttled.waits).toEqual([500, 1000]);

    const down = clientWith([fault(500, 'InternalServerError'), { status: 503, headers: {}, body: '<html>Service Unavailable</html>' }, fault(500, 'InternalServerError')]);
    const error = await down.client.send('GetItem', { TableName: 't', Key: { pk: 'a' } }).catch((e: unknown) => e);
    expect(down.waits).toEqual([100, 200]);
    expect(error).toMatchObject({ name: 'InternalServerError', $fault: 'server', $metadata: { attempts: 3 } });
    expect((error as Error).message).toMatch(/after 3 attempts/);
  });

  it('retries a broken connection, but not a validation error', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const flaky = clientWith([reset, ok({})]);
    await flaky.client.send('PutItem', { TableName: 't', Item: { pk: 'a' } });
    expect(flaky.requests).toHaveLength(2);

    const invalid = clientWith([fault(400, 'ValidationException', 'One or more parameter values were invalid')]);
    await expect(invalid.client.send('PutItem', { TableName: 't', Item: { pk: 'a' } })).rejects.toThrow(/ValidationException: One or more parameter values/);
    expect(invalid.requests).toHaveLength(1);
  });

  it('names a 200 whose body is not DynamoDB JSON, with what came instead', async () => {
    const { client } = clientWith([{ status: 200, headers: {}, body: '<html><body>Captive portal</body></html>' }]);
    const error = await client.send('GetItem', { TableName: 't', Key: { pk: 'a' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoResponseError);
    expect((error as Error).message).toMatch(/DynamoDB GetItem: the response body is not a JSON object \(HTTP 200, 40 bytes: "<html><body>Captive portal/);
  });

  it('signs with the Lambda role keys from the environment, session token included, and says when they are missing', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'ASIAROLE', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 'token-1' };
    const { client, requests } = clientWith([ok({})], { credentials: undefined, env });
    await client.send('GetItem', { TableName: 't', Key: { pk: 'a' } });
    expect(requests[0]!.headers.authorization).toMatch(/Credential=ASIAROLE\//);
    expect(requests[0]!.headers['x-amz-security-token']).toBe('token-1');

    const bare = clientWith([ok({})], { credentials: undefined, env: {} });
    await expect(bare.client.send('GetItem', { TableName: 't', Key: { pk: 'a' } })).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
    expect(bare.requests).toHaveLength(0);
  });

  it('counts each operation once, however many attempts it took', async () => {
    const sent: string[] = [];
    const { client } = clientWith([fault(503, 'ServiceUnavailable'), ok({})], { onSend: (operation) => sent.push(operation) });
    await client.send('PutItem', { TableName: 't', Item: { pk: 'a' } });
    expect(sent).toEqual(['PutItem']);
  });

  it('reaches the regional endpoint, China regions included', () => {
    expect(regionalEndpoint('ap-northeast-1')).toBe('https://dynamodb.ap-northeast-1.amazonaws.com');
    expect(regionalEndpoint('cn-north-1')).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn');
  });
});
