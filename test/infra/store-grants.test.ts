/**
 * Code and IAM policy must not drift apart. The chain, one link per test:
 *
 *   handler code ──(which store methods it calls)──► store method ──(which SDK commands it sends)──►
 *   IAM action on a resource ──► exactly the data-plane grants the stack gives that function.
 *
 * A handler that starts calling another store method, a store method that starts sending another
 * command, or a grant widened in lib/pipeline.ts each fail one of these tests.
 */
import * as s3Sdk from '@aws-sdk/client-s3';
import type { Template } from 'aws-cdk-lib/assertions';
import * as sqsSdk from '@aws-sdk/client-sqs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore, FeedTarget, ItemStore, QueueSender } from '../../lambdas/core/ports.js';
import { DynamoItemStore } from '../../lambdas/store/dynamo-item-store.js';
import { DynamoJsonClient } from '../../lambdas/store/dynamo-json-client.js';
import type { Transport } from '../../lambdas/store/signed-transport.js';
import { S3BlobStore } from '../../lambdas/store/s3-blob-store.js';
import { S3FeedTarget } from '../../lambdas/store/s3-feed-target.js';
import { SqsQueueSender } from '../../lambdas/store/sqs-queue.js';
import { handlerBuildOptions } from '../../lib/bundling.js';
import type { RujpFeedStack } from '../../lib/rujp-feed-stack.js';
import { sampleItem } from '../support/sample-item.js';
import { grantsOf, resourceNames, type FunctionKey } from './iam-grants.js';
import { projectRoot, synthStack } from './synth-stack.js';

/** Resource names as iam-grants.ts writes them; the environment variable that points each store at it. */
const TABLE = 'table';
const ARCHIVE = 'archive-bucket';
const FEED = 'feed-bucket';
const QUEUE = 'sources-queue';

/**
 * What each store method needs, in IAM terms. `satisfies Record<keyof Port, …>` makes tsc refuse
 * a port method without a row (or a row for a method that no longer exists).
 */
const ITEM_STORE_GRANTS = {
  getSourceState: [`dynamodb:GetItem on ${TABLE}`],
  getSourceStates: [`dynamodb:BatchGetItem on ${TABLE}`],
  putSourceState: [`dynamodb:PutItem on ${TABLE}`],
  findKnownIds: [`dynamodb:BatchGetItem on ${TABLE}`],
  // The fingerprint row, then the item row with attribute_not_exists(pk): both plain PutItem.
  putItem: [`dynamodb:PutItem on ${TABLE}`],
  // FP#<month> partitions of the table itself, not an index.
  fingerprintsInMonths: [`dynamodb:Query on ${TABLE}`],
  listFeedItems: [`dynamodb:Query on ${TABLE}/index/gsi1`],
  listClusterMembers: [`dynamodb:Query on ${TABLE}/index/gsi2`],
  getItem: [`dynamodb:GetItem on ${TABLE}`],
} satisfies Record<keyof ItemStore, string[]>;

const ARCHIVE_GRANTS = {
  put: [`s3:PutObject on ${ARCHIVE}/*`],
  get: [`s3:GetObject on ${ARCHIVE}/*`],
} satisfies Record<keyof BlobStore, string[]>;

const FEED_TARGET_GRANTS = {
  // ListObjectsV2 (the stored ETags) is authorised by s3:ListBucket on the bucket itself.
  publish: [`s3:ListBucket on ${FEED}`, `s3:PutObject on ${FEED}/*`],
} satisfies Record<keyof FeedTarget, string[]>;

const QUEUE_GRANTS = {
  // SendMessageBatch is authorised by sqs:SendMessage.
  send: [`sqs:SendMessage on ${QUEUE}`],
} satisfies Record<keyof QueueSender, string[]>;

/** The four ports under the names the runtime gives them (rt.items(), rt.archive(), rt.feedTarget(), rt.queue()). */
const PORT_GRANTS: Record<string, Record<string, string[]>> = {
  items: ITEM_STORE_GRANTS,
  archive: ARCHIVE_GRANTS,
  feedTarget: FEED_TARGET_GRANTS,
  queue: QUEUE_GRANTS,
};

/** The store methods each handler's code calls (found in its bundle's sources by the first test). */
const HANDLER_STORE_CALLS: Record<FunctionKey, string[]> = {
  schedule: ['items.getSourceStates', 'queue.send'],
  'fetch-source': [
    'archive.put',
    'items.findKnownIds',
    'items.fingerprintsInMonths',
    'items.getSourceState',
    'items.putItem',
    'items.putSourceState',
  ],
  'publish-feed': ['feedTarget.publish', 'items.listFeedItems'],
};

/** Grants no store call makes: each function's log group and what its event source mapping needs. */
const NOT_FROM_STORE_CALLS = (grant: string) =>
  grant.startsWith('logs:') ||
  /^sqs:(ChangeMessageVisibility|DeleteMessage|GetQueueAttributes|GetQueueUrl|ReceiveMessage) on sources-queue$/.test(grant) ||
  /^dynamodb:(DescribeStream|GetRecords|GetShardIterator) on table-stream$/.test(grant) ||
  grant === 'dynamodb:ListStreams on *';

const grantsFor = (calls: readonly string[]) =>
  [
    ...new Set(
      calls.flatMap((call) => {
        const [port, method] = call.split('.') as [string, string];
        const row = PORT_GRANTS[port]?.[method];
        if (!row) throw new Error(`no grant row for ${call}`);
        return row;
      }),
    ),
  ].sort();

describe('handler code → store methods', () => {
  const work = mkdtempSync(join(tmpdir(), 'rujp-store-grants-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /**
   * Our own sources esbuild puts in the handler's bundle (lazy chunks included), except the port
   * implementations themselves: the store, and the tee that forwards `publish` to the targets it
   * wraps (locally, the feed bucket and the out folder).
   */
  async function bundledSources(handler: FunctionKey): Promise<string[]> {
    const { build } = await import('esbuild');
    const result = await build({ ...handlerBuildOptions(projectRoot, handler, join(work, handler)), write: false, minify: false, sourcemap: false });
    return Object.keys(result.metafile!.inputs).filter(
      (file) => file.startsWith('lambdas/') && !file.startsWith('lambdas/store/') && file !== 'lambdas/pipeline/tee-feed-target.ts',
    );
  }

  /**
   * Calls of a port method in one source file. ItemStore's method names are unique in the code
   * base, so any `.name(` counts; the other ports' methods (put, get, send, publish) are common
   * words, so they count only on the receiver names the runtime and the pipeline use.
   */
  function callsIn(code: string): string[] {
    const found: string[] = [];
    for (const method of Object.keys(ITEM_STORE_GRANTS)) {
      if (new RegExp(`\\.\\s*${method}\\s*\\(`).test(code)) found.push(`items.${method}`);
    }
    const receivers: Record<string, string> = { archive: 'archive', feedTarget: '(?:feedTarget|target)', queue: 'queue' };
    for (const [port, receiver] of Object.entries(receivers)) {
      for (const method of Object.keys(PORT_GRANTS[port]!)) {
        if (new RegExp(`\\b${receiver}(?:\\(\\))?\\s*\\.\\s*${method}\\s*\\(`).test(code)) found.push(`${port}.${method}`);
      }
    }
    return found;
  }

  it.each(Object.keys(HANDLER_STORE_CALLS) as FunctionKey[])('%s calls exactly the store methods listed for it', async (handler) => {
    const files = await bundledSources(handler);
    expect(files).toContain(`lambdas/handlers/${handler}.ts`);
    const calls = new Set(files.flatMap((file) => callsIn(readFileSync(join(projectRoot, file), 'utf8'))));
    expect([...calls].sort()).toEqual([...HANDLER_STORE_CALLS[handler]].sort());
  });
});

describe('store method → IAM action', () => {
  /** Every command a fake client was sent, as the "action on resource" it needs. */
  const sent: string[] = [];
  const tableOf = (name: string | undefined) => {
    if (name !== 'TABLE') throw new Error(`command for an unexpected table ${name}`);
    return TABLE;
  };
  const bucketOf = (name: string | undefined) => ({ ARCHIVE: ARCHIVE, FEED: FEED })[name ?? ''] ?? `unexpected bucket ${name}`;

  /**
   * The store's real DynamoDB client with the wire replaced: each request is read back as the
   * operation its X-Amz-Target names (DynamoDB's IAM actions are its operation names) on the
   * table or index its body names, so an operation the client starts sending shows up here.
   */
  const answers: Record<string, object> = { GetItem: {}, PutItem: {}, BatchGetItem: { Responses: {} }, Query: { Items: [] } };
  const wire: Transport = async (request) => {
    const operation = /^DynamoDB_20120810\.(\w+)$/.exec(request.headers['x-amz-target'] ?? '')?.[1];
    if (!operation || !(operation in answers)) throw new Error(`${operation}: a DynamoDB operation this test has no answer for; add it and its grant`);
    if (!/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//.test(request.headers.authorization ?? '')) throw new Error(`unsigned request: ${request.headers.authorization}`);
    const body = JSON.parse(request.body) as { TableName?: string; IndexName?: string; RequestItems?: Record<string, unknown> };
    const action = `dynamodb:${operation}`;
    if (body.RequestItems) for (const table of Object.keys(body.RequestItems)) sent.push(`${action} on ${tableOf(table)}`);
    else sent.push(`${action} on ${body.IndexName ? `${tableOf(body.TableName)}/index/${body.IndexName}` : tableOf(body.TableName)}`);
    return { status: 200, headers: {}, body: JSON.stringify(answers[operation]) };
  };
  const doc = new DynamoJsonClient({ region: 'eu-central-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, transport: wire });

  const s3Client = {
    async send(command: object) {
      const input = (command as { input: { Bucket?: string } }).input;
      if (command instanceof s3Sdk.PutObjectCommand) sent.push(`s3:PutObject on ${bucketOf(input.Bucket)}/*`);
      else if (command instanceof s3Sdk.GetObjectCommand) {
        sent.push(`s3:GetObject on ${bucketOf(input.Bucket)}/*`);
        return { Body: { transformToByteArray: async () => new Uint8Array() } };
      } else if (command instanceof s3Sdk.ListObjectsV2Command) {
        sent.push(`s3:ListBucket on ${bucketOf(input.Bucket)}`);
        return { Contents: [], IsTruncated: false };
      } else throw new Error(`${command.constructor.name}: an S3 command this test has no IAM action for; add it`);
      return {};
    },
  };
  const openS3 = async () => ({ sdk: s3Sdk, client: s3Client as unknown as s3Sdk.S3Client });

  const sqsClient = {
    async send(command: object) {
      if (!(command instanceof sqsSdk.SendMessageBatchCommand)) throw new Error(`${command.constructor.name}: an SQS command this test has no IAM action for; add it`);
      if (command.input.QueueUrl !== 'QUEUE_URL') throw new Error(`message for an unexpected queue ${command.input.QueueUrl}`);
      sent.push(`sqs:SendMessage on ${QUEUE}`);
      return { Successful: [], Failed: [] };
    },
  };

  const items = new DynamoItemStore(doc, 'TABLE');
  const archive = new S3BlobStore(openS3, 'ARCHIVE');
  const feedTarget = new S3FeedTarget(openS3, 'FEED');
  const queue = new SqsQueueSender('eu-central-1', 'QUEUE_URL');
  // The sender loads the SQS module on first use; hand it the module with the fake client instead.
  (queue as unknown as { connection: unknown }).connection = Promise.resolve({ sdk: sqsSdk, client: sqsClient });

  /** One call of every port method, with plausible arguments (typed, so a new method needs a line here too). */
  const CALLS: { [P in keyof typeof PORT_GRANTS]: Record<string, () => Promise<unknown>> } = {
    items: {
      getSourceState: () => items.getSourceState('tass-ru'),
      getSourceStates: () => items.getSourceStates(['tass-ru', 'nhk-ru']),
      putSourceState: () => items.putSourceState({ sourceId: 'tass-ru', consecutiveFailures: 0 }),
      findKnownIds: () => items.findKnownIds(['a1b2c3d4e5f6a1b2c3d4e5f6']),
      putItem: () => items.putItem(sampleItem(), 'signature'),
      fingerprintsInMonths: () => items.fingerprintsInMonths(['2019-09', '2019-10']),
      listFeedItems: () => items.listFeedItems(1000),
      listClusterMembers: () => items.listClusterMembers(['a1b2c3d4e5f6a1b2c3d4e5f6']),
      getItem: () => items.getItem('a1b2c3d4e5f6a1b2c3d4e5f6'),
    } satisfies Record<keyof ItemStore, () => Promise<unknown>>,
    archive: {
      put: () => archive.put('tass-ru/2019/09/20/a.html.gz', Buffer.from('x'), { contentType: 'text/html', contentEncoding: 'gzip' }),
      get: () => archive.get('tass-ru/2019/09/20/a.html.gz'),
    } satisfies Record<keyof BlobStore, () => Promise<unknown>>,
    feedTarget: {
      publish: () => feedTarget.publish([{ path: 'feed.xml', contentType: 'application/rss+xml; charset=utf-8', body: '<rss/>' }]),
    } satisfies Record<keyof FeedTarget, () => Promise<unknown>>,
    queue: {
      send: () => queue.send([{ sourceId: 'tass-ru' }]),
    } satisfies Record<keyof QueueSender, () => Promise<unknown>>,
  };

  const rows = Object.entries(PORT_GRANTS).flatMap(([port, methods]) =>
    Object.entries(methods).map(([method, grants]) => [`${port}.${method}`, port, method, grants] as const),
  );

  it.each(rows)('%s sends only commands its grant row allows, and needs all of them', async (_call, port, method, grants) => {
    sent.length = 0;
    await CALLS[port]![method]!();
    expect([...new Set(sent)].sort()).toEqual([...grants].sort());
  });
});

describe('store methods → synthesized policy', () => {
  let template: Template;
  let stack: RujpFeedStack;
  beforeAll(() => {
    ({ template, stack } = synthStack());
  });

  it.each(Object.keys(HANDLER_STORE_CALLS) as FunctionKey[])(
    '%s is granted exactly what its store calls need, and nothing else beyond logs and its event source',
    (handler) => {
      const granted = grantsOf(template, stack, handler).filter((grant) => !NOT_FROM_STORE_CALLS(grant));
      expect(granted).toEqual(grantsFor(HANDLER_STORE_CALLS[handler]));
    },
  );

  it('each store is pointed at the resource its grants name', () => {
    const names = resourceNames(stack);
    const expected: Record<string, string> = { TABLE_NAME: TABLE, ARCHIVE_BUCKET: ARCHIVE, FEED_BUCKET: FEED, QUEUE_URL: QUEUE };
    const functions = { schedule: stack.pipeline.scheduleFunction, 'fetch-source': stack.pipeline.fetchFunction, 'publish-feed': stack.pipeline.publishFunction };
    for (const [handler, construct] of Object.entries(functions)) {
      const id = stack.getLogicalId(construct.function.node.defaultChild as never);
      const variables = template.toJSON().Resources[id].Properties.Environment.Variables as Record<string, unknown>;
      for (const [variable, resource] of Object.entries(expected)) {
        if (!(variable in variables)) continue;
        // A table name, a bucket name and a queue URL are all the resource's Ref.
        const ref = (variables[variable] as { Ref?: string }).Ref;
        expect(names.get(ref ?? ''), `${handler} ${variable}`).toBe(resource);
      }
    }
  });
});
