/**
 * The DynamoDB calls the store makes, sent as DynamoDB's JSON protocol (a signed POST with
 * `X-Amz-Target: DynamoDB_20120810.<Operation>`) instead of through the AWS SDK.
 *
 * Why not the SDK: every handler reads or writes the table on every call, so the client is part
 * of every cold start. `@aws-sdk/client-dynamodb` with `lib-dynamodb` and its middleware stack
 * took 2.0–2.8× `node -e 0` to import on its own, most of what the whole handler may take (3×);
 * this path takes about 1.3× (`npm run bench -- --only bundles` measures both each run). What it
 * keeps from the SDK: SigV4 as the SDK's signer computes it (store/sigv4.ts says why it is not
 * that signer), its document marshalling (`@aws-sdk/util-dynamodb`, with the options the store
 * used with lib-dynamodb), its standard
 * retry rule (3 attempts, full-jitter backoff on throttling, 5xx and broken connections), and
 * errors named by their DynamoDB type, so `ConditionalCheckFailedException` is caught by name
 * as before. What it leaves out: the operations the store never sends, credential providers
 * other than the environment (the Lambda runtime puts the role's keys there), endpoint
 * discovery and the retry-token bucket.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { retryDelayMs } from '../http/backoff.js';
import { nodeTransport, type Transport, type TransportResponse } from './signed-transport.js';
import { signPost } from './sigv4.js';

type Row = Record<string, unknown>;

/** The operations the table design needs (README, Storage design); each is also its IAM action. */
export interface DynamoOperations {
  GetItem: {
    input: { TableName: string; Key: Row; ProjectionExpression?: string; ConsistentRead?: boolean };
    output: { Item?: Row };
  };
  PutItem: {
    input: {
      TableName: string;
      Item: Row;
      ConditionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Row;
    };
    output: Record<string, never>;
  };
  BatchGetItem: {
    input: { RequestItems: Record<string, { Keys: Row[]; ProjectionExpression?: string }> };
    output: { Responses?: Record<string, Row[]>; UnprocessedKeys?: Record<string, { Keys?: Row[] }> };
  };
  Query: {
    input: {
      TableName: string;
      IndexName?: string;
      KeyConditionExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Row;
      ScanIndexForward?: boolean;
      ExclusiveStartKey?: Row;
      Limit?: number;
      ProjectionExpression?: string;
    };
    output: { Items?: Row[]; LastEvaluatedKey?: Row; Count?: number };
  };
}

export type DynamoOperation = keyof DynamoOperations;

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface DynamoJsonClientOptions {
  region: string;
  /** `http://127.0.0.1:<port>` for the embedded server; AWS's regional endpoint when absent. */
  endpoint?: string;
  /** Fixed keys (the local servers accept any); otherwise read from the environment per call. */
  credentials?: AwsCredentials;
  env?: NodeJS.ProcessEnv;
  /** Called once per operation sent, retries not counted (the run summary's DynamoDB calls). */
  onSend?: (operation: DynamoOperation) => void;
  transport?: Transport;
  maxAttempts?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A DynamoDB error answer, named by its type as the SDK names its exceptions. */
export class DynamoServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts: number };

  constructor(
    readonly type: string,
    message: string,
    readonly operation: DynamoOperation,
    status: number,
    requestId: string | undefined,
    attempts: number,
  ) {
    super(`DynamoDB ${operation}: ${type}: ${message} (HTTP ${status}${attempts > 1 ? `, after ${attempts} attempts` : ''})`);
    this.name = type;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, requestId, attempts };
  }
}

/** A 2xx answer whose body is not the JSON DynamoDB sends: a proxy page, a cut-off body. */
export class DynamoResponseError extends Error {
  override name = 'DynamoResponseError';
}

/** No keys to sign with, outside the local runtime. */
export class DynamoCredentialsError extends Error {
  override name = 'DynamoCredentialsError';
}

const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** The SDK's standard retry mode: these error types are throttling or transient. */
const RETRYABLE_TYPES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const THROTTLING_TYPES = new Set([...RETRYABLE_TYPES].filter((type) => /Thrott|Exceeded|TooMany|Transaction/.test(type)));
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** The SDK's backoff bases: 500 ms after throttling, 100 ms otherwise, capped at 20 s. */
const THROTTLING_BASE_MS = 500;
const TRANSIENT_BASE_MS = 100;
const MAX_DELAY_MS = 20_000;

/** The marshalling lib-dynamodb did for the store: undefined attributes dropped, classes refused. */
const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;

export function regionalEndpoint(region: string): string {
  return `https://dynamodb.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

function credentialsFromEnv(env: NodeJS.ProcessEnv): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new DynamoCredentialsError(
      'DynamoDB: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; the Lambda runtime sets them from the function role, and the local runtime uses its embedded server, which needs none',
    );
  }
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

const marshallRow = (row: Row) => marshall(row, MARSHALL);
const unmarshallRow = (row: Row) => unmarshall(row as never);
const mapRows = (rows: Row[] | undefined, map: (row: Row) => Row) => rows?.map(map);

/** Document values (plain JS) → DynamoDB's typed attribute values, for the fields that hold them. */
function marshallInput(operation: DynamoOperation, input: Row): Row {
  const wire: Row = { ...input };
  for (const field of ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']) {
    if (wire[field] !== undefined) wire[field] = marshallRow(wire[field] as Row);
  }
  if (operation === 'BatchGetItem') {
    const requests = input.RequestItems as DynamoOperations['BatchGetItem']['input']['RequestItems'];
    wire.RequestItems = Object.fromEntries(
      Object.entries(requests).map(([table, request]) => [table, { ...request, Keys: request.Keys.map(marshallRow) }]),
    );
  }
  return wire;
}

function unmarshallOutput(output: Row): Row {
  const out: Row = { ...output };
  if (out.Item) out.Item = unmarshallRow(out.Item as Row);
  if (out.Items) out.Items = mapRows(out.Items as Row[], unmarshallRow);
  if (out.LastEvaluatedKey) out.LastEvaluatedKey = unmarshallRow(out.LastEvaluatedKey as Row);
  if (out.Responses) {
    out.Responses = Object.fromEntries(Object.entries(out.Responses as Record<string, Row[]>).map(([table, rows]) => [table, rows.map(unmarshallRow)]));
  }
  if (out.UnprocessedKeys) {
    out.UnprocessedKeys = Object.fromEntries(
      Object.entries(out.UnprocessedKeys as Record<string, { Keys?: Row[] }>).map(([table, request]) => [
        table,
        { ...request, Keys: mapRows(request.Keys, unmarshallRow) },
      ]),
    );
  }
  return out;
}

function preview(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** DynamoDB names an error in `__type` ("com.amazonaws.dynamodb.v20120810#Type"), else in a header. */
function errorOf(operation: DynamoOperation, response: TransportResponse, attempts: number): DynamoServiceError {
  let type: string | undefined;
  let message: string | undefined;
  try {
    const body = JSON.parse(response.body) as { __type?: string; message?: string; Message?: string };
    type = body.__type;
    message = body.message ?? body.Message;
  } catch {
    // Not JSON (a load balancer's page): named by its status below.
  }
  type ??= response.headers['x-amzn-errortype'];
  type = type?.split('#').pop()?.split(':')[0];
  if (!type) type = response.status >= 500 ? 'InternalServerError' : `HTTP${response.status}`;
  return new DynamoServiceError(type, message ?? (preview(response.body) || 'no message'), operation, response.status, response.headers['x-amzn-requestid'], attempts);
}

/** Broken or refused connections and timeouts are worth another attempt, as the SDK treats them. */
function isTransientNetworkError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (
    (error as Error)?.name === 'TimeoutError' ||
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code ?? '')
  );
}

export class DynamoJsonClient {
  private readonly url: URL;
  private readonly transport: Transport;
  private readonly maxAttempts: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: DynamoJsonClientOptions) {
    this.url = new URL(options.endpoint ?? regionalEndpoint(options.region));
    this.transport = options.transport ?? nodeTransport();
    this.maxAttempts = options.maxAttempts ?? 3;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    if (this.url.pathname !== '/' || this.url.search) {
      throw new Error(`DynamoDB endpoint ${this.url.href}: expected a bare origin such as http://127.0.0.1:8000, without a path or query`);
    }
  }

  async send<Op extends DynamoOperation>(operation: Op, input: DynamoOperations[Op]['input']): Promise<DynamoOperations[Op]['output']> {
    this.options.onSend?.(operation);
    const body = JSON.stringify(marshallInput(operation, input as Row));
    for (let attempt = 1; ; attempt++) {
      let response: TransportResponse;
      try {
        response = await this.transport(await this.sign(operation, body));
      } catch (error) {
        if (attempt < this.maxAttempts && isTransientNetworkError(error)) {
          await this.sleep(retryDelayMs(attempt - 1, TRANSIENT_BASE_MS, MAX_DELAY_MS, this.random));
          continue;
        }
        throw error;
      }
      if (response.status >= 200 && response.status < 300) return unmarshallOutput(this.parse(operation, response)) as DynamoOperations[Op]['output'];
      const error = errorOf(operation, response, attempt);
      const retryable = RETRYABLE_TYPES.has(error.type) || RETRYABLE_STATUS.has(response.status);
      if (!retryable || attempt >= this.maxAttempts) throw error;
      const base = THROTTLING_TYPES.has(error.type) || response.status === 429 ? THROTTLING_BASE_MS : TRANSIENT_BASE_MS;
      await this.sleep(retryDelayMs(attempt - 1, base, MAX_DELAY_MS, this.random));
    }
  }

  /** Keep-alive sockets would hold a local process open; Lambda reuses them while warm. */
  destroy(): void {
    this.transport.destroy?.();
  }

  private parse(operation: DynamoOperation, response: TransportResponse): Row {
    try {
      const parsed: unknown = JSON.parse(response.body);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Row;
    } catch {
      // Named below, with what came instead.
    }
    throw new DynamoResponseError(
      `DynamoDB ${operation}: the response body is not a JSON object (HTTP ${response.status}, ${Buffer.byteLength(response.body)} bytes: ${JSON.stringify(preview(response.body))})`,
    );
  }

  private async sign(operation: DynamoOperation, body: string) {
    // Read per request: fixed keys locally, the role's keys from the environment in Lambda.
    const credentials = this.options.credentials ?? credentialsFromEnv(this.options.env ?? process.env);
    const { headers } = signPost(
      { url: this.url, headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': `${TARGET_PREFIX}${operation}` }, body },
      { service: 'dynamodb', region: this.options.region },
      credentials,
    );
    return { url: this.url, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body };
  }
}
