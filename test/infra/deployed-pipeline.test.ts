/**
 * What is deployed is what is tested: the bundles `cdk deploy` uploads, each run from its asset
 * folder alone in a fresh Node process with the environment its template gives it, pointed at
 * the embedded servers. schedule → its SQS messages → fetch-source in the template's batches
 * over the recorded sources → the stream records DynamoDB would emit for what was written,
 * through the template's own FilterCriteria → publish-feed, writing the feed bucket. The result
 * must match a `rujp demo` pass (runPass over the recorded snapshot) over the same sources.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DynamoDBRecord, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NAMES, startEmbeddedStorage, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import { RECORDED_SITES } from '../../lambdas/local/paths.js';
import { startRecordedServer, type RecordedServer } from '../../lambdas/local/recorded-server.js';
import { runPass, type PassSummary } from '../../lambdas/local/run-pass.js';
import { passesFilterCriteria } from '../support/filter-rules.js';
import {
  invokeBundle,
  lambdaRuntimeVariables,
  resolveVariables,
  synthDeployedApp,
  type DeployedApp,
  type DeployedFunction,
  type InvokeOutcome,
} from '../support/deployed-app.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { startSqsEndpoint, type SentMessage, type SqsEndpoint } from '../support/sqs-endpoint.js';
import { readBucket, scanTable, streamRecordsBetween, type Row, type StoredObject } from '../support/storage-snapshot.js';
import { tempDir } from '../support/temp-dir.js';
import { projectRoot } from './synth-stack.js';

const DISTRIBUTION_DOMAIN = 'd111111abcdef8.cloudfront.net';
const QUEUE_NAME = 'RujpFeed-PipelineSources';
const silentLog = { info() {}, warn() {}, error() {} };

const chunk = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

export function sqsEventOf(messages: SentMessage[], receiveCount = 1): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: message.messageId,
      receiptHandle: `handle-${message.messageId}-${receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'AROATEST:schedule',
        ApproximateFirstReceiveTimestamp: String(message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-central-1:123456789012:${QUEUE_NAME}`,
      awsRegion: 'eu-central-1',
    })),
  };
}

const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-12-04T12:00:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:events:eu-central-1:123456789012:rule/RujpFeed-PollSchedule'],
  detail: {},
};

const outdir = join(projectRoot, 'cdk.out', `test-deployed-${process.pid}`);
const temp = tempDir('rujp-deployed-');
let app: DeployedApp;
let deployed: EmbeddedStorage;
let demo: EmbeddedStorage;
let recorded: RecordedServer;
let sqs: SqsEndpoint;

type Endpoints = Pick<EmbeddedStorage, 'dynamoEndpoint' | 's3Endpoint'>;

function envFor(fn: DeployedFunction, storage: Endpoints): Record<string, string> {
  const values = {
    [app.ids.table]: LOCAL_NAMES.table,
    [app.ids.archiveBucket]: LOCAL_NAMES.archiveBucket,
    [app.ids.feedBucket]: LOCAL_NAMES.feedBucket,
    [app.ids.queue]: sqs.queueUrl(QUEUE_NAME),
    [`${app.ids.distribution}.DomainName`]: DISTRIBUTION_DOMAIN,
  };
  return {
    ...lambdaRuntimeVariables(fn),
    ...resolveVariables(fn.variables, values),
    // The only difference from AWS: where storage and the web are.
    RUJP_DYNAMO_ENDPOINT: storage.dynamoEndpoint,
    RUJP_S3_ENDPOINT: storage.s3Endpoint,
    RUJP_RECORDED_ORIGIN: recorded.origin,
  };
}

const tableArn = 'arn:aws:dynamodb:eu-central-1:123456789012:table/RujpFeed-Items';

/**
 * Invokes fetch-source once per batch the event source mapping would form, in as many warm
 * containers at once as its maximum concurrency allows.
 */
async function fetchInBatches(storage: Endpoints, messages: SentMessage[]): Promise<InvokeOutcome> {
  const fn = app.functions['fetch-source'];
  const events = chunk(messages, app.fetchMapping.BatchSize).map((batch) => sqsEventOf(batch));
  const containers = app.fetchMapping.ScalingConfig?.MaximumConcurrency ?? 1;
  const share = Array.from({ length: containers }, (_, n) => events.filter((_event, i) => i % containers === n)).filter((list) => list.length);
  const outcomes = await Promise.all(share.map((list) => invokeBundle(fn, envFor(fn, storage), list, { clockAt: CLOCK })));
  return {
    invocations: outcomes.flatMap((outcome) => outcome.invocations),
    timedOut: outcomes.some((outcome) => outcome.timedOut),
    stdout: outcomes.map((outcome) => outcome.stdout).join(''),
    stderr: outcomes.map((outcome) => outcome.stderr).join(''),
  };
}

/** The stream records of the writes, as Lambda's poller hands them on: filtered, then batched. */
function publishBatches(records: DynamoDBRecord[]): { Records: DynamoDBRecord[] }[] {
  const passing = records.filter((record) => passesFilterCriteria(record, app.streamMapping.FilterCriteria));
  return chunk(passing, app.streamMapping.BatchSize).map((batch) => ({ Records: batch }));
}

/**
 * An item row or archived JSON without what depends on when and in which order it was fetched:
 * the fetch time, and the stored clusterId, which names a story after the copy that happened to
 * be stored first (the fetcher polls two sources per batch here, all at once in the demo). The
 * feeds group stories at publish time, whatever the order, and are compared byte for byte.
 */
function withoutFetchTime(value: Record<string, unknown>): Record<string, unknown> {
  const { fetchedAt: _at, clusterId: _cluster, gsi2pk: _story, ...rest } = value;
  return rest;
}

const itemRows = (rows: Map<string, Row>) =>
  new Map([...rows].filter(([key]) => key.startsWith('ITEM#')).map(([key, row]) => [key, withoutFetchTime(row)]));

function comparableArchive(objects: Map<string, StoredObject>) {
  return new Map(
    [...objects].map(([key, object]) => [
      key,
      key.endsWith('.json')
        ? { ...object, body: withoutFetchTime(JSON.parse(object.body.toString('utf8'))) }
        : { ...object, body: gunzipSync(object.body).toString('base64') },
    ]),
  );
}

let scheduled: InvokeOutcome;
let messages: SentMessage[];
let fetched: InvokeOutcome;
let written: DynamoDBRecord[];
let batches: { Records: DynamoDBRecord[] }[];
let published: InvokeOutcome;
let demoSummary: PassSummary;
/** Both passes run at this instant, so an undated item (dated by its fetch) is dated alike. */
const CLOCK = Date.parse('2026-12-04T12:00:00.000Z');

beforeAll(async () => {
  mkdirSync(outdir, { recursive: true });
  app = synthDeployedApp(outdir);
  [deployed, demo, recorded, sqs] = await Promise.all([
    startEmbeddedStorage(join(temp.dir, 'deployed')),
    startEmbeddedStorage(join(temp.dir, 'demo')),
    startRecordedServer({ root: [RECORDED_SITES] }),
    startSqsEndpoint(),
  ]);

  const schedule = app.functions.schedule;
  scheduled = await invokeBundle(schedule, envFor(schedule, deployed), [scheduledEvent], { clockAt: CLOCK });
  messages = sqs.take(QUEUE_NAME);

  const before = await scanTable(deployed);
  fetched = await fetchInBatches(deployed, messages);
  written = streamRecordsBetween(before, await scanTable(deployed), tableArn);
  batches = publishBatches(written);
  const publish = app.functions['publish-feed'];
  published = await invokeBundle(publish, envFor(publish, deployed), batches, { clockAt: CLOCK });

  // The same pass as `rujp demo`, with the settings the template gives the functions.
  const publishVars = resolveVariables(app.functions['publish-feed'].variables, { [app.ids.table]: 'x', [app.ids.feedBucket]: 'x', [`${app.ids.distribution}.DomainName`]: DISTRIBUTION_DOMAIN });
  const fetchVars = resolveVariables(app.functions['fetch-source'].variables, { [app.ids.table]: 'x', [app.ids.archiveBucket]: 'x' });
  const saved = { ...process.env };
  Object.assign(process.env, { FEED_TITLE: publishVars.FEED_TITLE, FEED_HOME_URL: publishVars.FEED_HOME_URL, USER_AGENT: fetchVars.USER_AGENT });
  try {
    demoSummary = await runPass({
      dataDir: join(temp.dir, 'demo'),
      outDir: join(temp.dir, 'demo-public'),
      recordedRoots: [RECORDED_SITES],
      storage: demo,
      log: silentLog,
      clock: { now: () => new Date(CLOCK) },
      feedBaseUrl: publishVars.FEED_BASE_URL,
    });
  } finally {
    process.env = saved;
  }
});

afterAll(async () => {
  await Promise.all([deployed?.close(), demo?.close(), recorded?.close(), sqs?.close()]);
  rmSync(outdir, { recursive: true, force: true });
  temp.cleanup();
});

describe('the deployed bundles, run as Lambda runs them, over the recorded sources', () => {
  it('the template gives no function a local-runtime variable (RUJP_*): endpoints and recorded routing are the tests\' own', () => {
    for (const fn of Object.values(app.functions)) expect(Object.keys(fn.variables).filter((name) => name.startsWith('RUJP_')), fn.name).toEqual([]);
  });

  it('schedule queues every enabled source, through SQS as the template wires it', () => {
    expect(scheduled.invocations).toHaveLength(1);
    const queued = (scheduled.invocations[0]!.result as { queued: string[] }).queued;
    expect(queued.length).toBeGreaterThanOrEqual(15);
    expect(messages.map((message) => JSON.parse(message.body).sourceId).sort()).toEqual([...queued].sort());
    expect(demoSummary.reports.map((report) => report.sourceId).sort()).toEqual([...queued].sort());
  });

  it('fetch-source takes the batches the event source mapping forms and fails no message', () => {
    expect(fetched.timedOut).toBe(false);
    expect(fetched.invocations).toHaveLength(Math.ceil(messages.length / app.fetchMapping.BatchSize));
    for (const invocation of fetched.invocations) {
      expect(invocation.error).toBeUndefined();
      expect(invocation.result).toEqual({ batchItemFailures: [] });
    }
  });

  it("the template's stream filter lets through exactly the relevant item rows", () => {
    const passing = batches.flatMap((batch) => batch.Records);
    const kinds = (records: DynamoDBRecord[]) => new Set(records.map((record) => record.dynamodb!.NewImage!.pk!.S!.split('#')[0]));
    // What was written: items, fingerprints and source states.
    expect(kinds(written)).toEqual(new Set(['ITEM', 'FP', 'SOURCE']));
    const relevantItems = written.filter((record) => record.dynamodb!.NewImage!.pk!.S!.startsWith('ITEM#') && record.dynamodb!.NewImage!.relevant?.BOOL === true);
    expect(relevantItems.length).toBeGreaterThanOrEqual(10);
    expect(passing.map((record) => record.eventID).sort()).toEqual(relevantItems.map((record) => record.eventID).sort());
    // Irrelevant items are written too, and stay out of publish-feed's batches.
    expect(written.some((record) => record.dynamodb!.NewImage!.pk!.S!.startsWith('ITEM#') && record.dynamodb!.NewImage!.relevant?.BOOL === false)).toBe(true);
  });

  it('publish-feed, handed the filtered batches, writes the feeds to the feed bucket', async () => {
    expect(published.invocations.map((invocation) => invocation.error)).toEqual(batches.map(() => undefined));
    const feeds = await readBucket(deployed, LOCAL_NAMES.feedBucket);
    for (const file of ['feed.xml', 'atom.xml', 'feed.json', 'feeds.opml', 'index.html']) expect(feeds.has(file), file).toBe(true);
    const feed = JSON.parse(feeds.get('feed.json')!.body.toString('utf8')) as { home_page_url: string; feed_url: string; items: unknown[] };
    expect(feed.feed_url).toBe(`https://${DISTRIBUTION_DOMAIN}/feed.json`);
    expect(feed.items.length).toBeGreaterThanOrEqual(10);
  });

  it('items match a `rujp demo` pass over the same sources (all but the fetch time)', async () => {
    const ours = itemRows(await scanTable(deployed));
    const theirs = itemRows(await scanTable(demo));
    expect(ours.size).toBe(demoSummary.items.new);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [key, row] of ours) expect(row, key).toEqual(theirs.get(key));
  });

  it('archive objects match: the same keys, raw pages byte for byte, the same extracted JSON', async () => {
    const ours = comparableArchive(await readBucket(deployed, LOCAL_NAMES.archiveBucket));
    const theirs = comparableArchive(await readBucket(demo, LOCAL_NAMES.archiveBucket));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [key, object] of ours) expect(object, key).toEqual(theirs.get(key));
  });

  it('feeds match byte for byte', async () => {
    const ours = await readBucket(deployed, LOCAL_NAMES.feedBucket);
    const theirs = await readBucket(demo, LOCAL_NAMES.feedBucket);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [key, object] of ours) {
      const other = theirs.get(key)!;
      expect(object.contentType, key).toBe(other.contentType);
      expect(object.body.equals(other.body), `${key} differs`).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// At-least-once, for real: SQS and the stream deliver again, Lambda stops a run at its timeout.
// Each case starts from empty storage behind a recording proxy, and is held to what the clean
// run above stored for the same source.
// ---------------------------------------------------------------------------------------------

interface Harness {
  storage: EmbeddedStorage;
  dynamo: RecordingProxy;
  s3: RecordingProxy;
  endpoints: Endpoints;
  close(): Promise<void>;
}

async function harness(name: string): Promise<Harness> {
  const storage = await startEmbeddedStorage(join(temp.dir, name));
  const [dynamo, s3] = await Promise.all([startRecordingProxy(storage.dynamoEndpoint), startRecordingProxy(storage.s3Endpoint)]);
  return {
    storage,
    dynamo,
    s3,
    endpoints: { dynamoEndpoint: dynamo.endpoint, s3Endpoint: s3.endpoint },
    close: async () => {
      await Promise.all([dynamo.close(), s3.close()]);
      await storage.close();
    },
  };
}

const sourceOf = (row: Record<string, unknown>) => (row as Row).sourceId?.S;

/** What the clean run stored for one source: its item rows and its archive. */
async function cleanRunOf(sourceId: string) {
  const rows = new Map([...itemRows(await scanTable(deployed))].filter(([, row]) => sourceOf(row) === sourceId));
  const archive = [...(await readBucket(deployed, LOCAL_NAMES.archiveBucket)).keys()].filter((key) => key.startsWith(`${sourceId}/`)).sort();
  return { rows, archive };
}

async function storedOf(h: Harness, sourceId: string) {
  const all = await scanTable(h.storage);
  const rows = itemRows(all);
  const archive = [...(await readBucket(h.storage, LOCAL_NAMES.archiveBucket)).keys()].sort();
  const state = all.get(`SOURCE#${sourceId}|STATE`);
  return { rows, archive, state };
}

/** Item rows a PutItem actually created (200); a conditional put that met the row answers 400. */
const itemsCreated = (proxy: RecordingProxy) =>
  proxy.requests.filter((request) => request.action === 'PutItem' && request.status === 200 && /"pk":\{"S":"ITEM#/.test(request.body)).length;

const messageFor = (sourceId: string): SentMessage => messages.find((message) => JSON.parse(message.body).sourceId === sourceId)!;

/** The source the clean run stored the most items of (a poll long enough to stop in the middle). */
async function busiestSource(): Promise<string> {
  const counts = new Map<string, number>();
  for (const row of itemRows(await scanTable(deployed)).values()) counts.set(sourceOf(row)!, (counts.get(sourceOf(row)!) ?? 0) + 1);
  const [id, count] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  expect(count).toBeGreaterThanOrEqual(4);
  return id;
}

function fetchOnce(h: Harness, events: SQSEvent[], options: { stopSignal?: Promise<unknown> } = {}) {
  const fn = app.functions['fetch-source'];
  return invokeBundle(fn, envFor(fn, h.endpoints), events, { clockAt: CLOCK, ...options });
}

describe('at-least-once: the same SQS message delivered twice', () => {
  let h: Harness;
  let sourceId: string;
  let concurrent: InvokeOutcome[];
  let createdConcurrently: number;
  let afterConcurrent: Awaited<ReturnType<typeof storedOf>>;
  let redelivered: InvokeOutcome;
  let dynamoBefore: number;
  let s3Before: number;

  beforeAll(async () => {
    sourceId = await busiestSource();
    h = await harness('twice');
    const message = messageFor(sourceId);
    // Two pollers receive the same message at once (SQS may hand a message out twice).
    concurrent = await Promise.all([fetchOnce(h, [sqsEventOf([message])]), fetchOnce(h, [sqsEventOf([message])])]);
    createdConcurrently = itemsCreated(h.dynamo);
    afterConcurrent = await storedOf(h, sourceId);
    dynamoBefore = h.dynamo.requests.length;
    s3Before = h.s3.requests.length;
    // Its visibility timeout passes before the delete lands: delivered a second time.
    redelivered = await fetchOnce(h, [sqsEventOf([message], 2)]);
  });

  afterAll(() => h?.close());

  it('both concurrent deliveries succeed, and together store each item exactly once', async () => {
    const clean = await cleanRunOf(sourceId);
    for (const outcome of concurrent) expect(outcome.invocations).toEqual([{ result: { batchItemFailures: [] } }]);
    expect(createdConcurrently).toBe(clean.rows.size);
    expect(afterConcurrent.rows).toEqual(clean.rows);
    expect(afterConcurrent.archive).toEqual(clean.archive);
    expect(afterConcurrent.state?.listDigest?.S).toBeTruthy();
  });

  it('the delivery after the visibility timeout stores nothing and writes no archive object', async () => {
    expect(redelivered.invocations).toEqual([{ result: { batchItemFailures: [] } }]);
    const later = h.dynamo.requests.slice(dynamoBefore);
    expect(later.filter((request) => request.action === 'PutItem' && !/"pk":\{"S":"SOURCE#/.test(request.body))).toEqual([]);
    expect(h.s3.requests.slice(s3Before).filter((request) => request.method === 'PUT')).toEqual([]);
    const after = await storedOf(h, sourceId);
    expect(after.rows).toEqual(afterConcurrent.rows);
    expect(after.archive).toEqual(afterConcurrent.archive);
  });
});

describe('at-least-once: fetch-source stopped at its timeout in the middle of a source', () => {
  let h: Harness;
  let sourceId: string;
  let stopped: InvokeOutcome;
  let midway: Awaited<ReturnType<typeof storedOf>>;
  let completed: InvokeOutcome;
  let clean: Awaited<ReturnType<typeof cleanRunOf>>;

  beforeAll(async () => {
    sourceId = await busiestSource();
    clean = await cleanRunOf(sourceId);
    h = await harness('timeout');
    const message = messageFor(sourceId);
    // Lambda ends the run when its time is up, wherever it is: here, once two items are stored.
    const twoStored = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (itemsCreated(h.dynamo) >= 2) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    stopped = await fetchOnce(h, [sqsEventOf([message])], { stopSignal: twoStored });
    // Requests already on the wire when the process died may still land; let them.
    await new Promise((resolve) => setTimeout(resolve, 300));
    midway = await storedOf(h, sourceId);
    // The message was not deleted: SQS delivers it again after its visibility timeout.
    completed = await fetchOnce(h, [sqsEventOf([message], 2)]);
  });

  afterAll(() => h?.close());

  it('was stopped mid-source: some items stored, not all, and the source state not advanced', () => {
    expect(stopped.timedOut).toBe(true);
    expect(stopped.invocations).toEqual([]);
    expect(midway.rows.size).toBeGreaterThanOrEqual(2);
    expect(midway.rows.size).toBeLessThan(clean.rows.size);
    // No list digest or validators: the next poll reads the list again and stores what is missing.
    expect(midway.state?.listDigest).toBeUndefined();
    expect(midway.state?.etag).toBeUndefined();
  });

  it('the next delivery completes the work, nothing stored twice, and only then the state advances', async () => {
    expect(completed.invocations).toEqual([{ result: { batchItemFailures: [] } }]);
    const after = await storedOf(h, sourceId);
    expect(after.rows).toEqual(clean.rows);
    expect(after.archive).toEqual(clean.archive);
    expect(itemsCreated(h.dynamo)).toBe(clean.rows.size);
    expect(after.state?.listDigest?.S).toBeTruthy();
    expect(after.state?.lastSuccessAt?.S).toBe(new Date(CLOCK).toISOString());
  });
});

describe('at-least-once: a batch where one message fails', () => {
  let h: Harness;
  let good: string;
  let bad: string;
  let outcome: InvokeOutcome;

  beforeAll(async () => {
    good = await busiestSource();
    bad = messages.map((message) => JSON.parse(message.body).sourceId as string).find((id) => id !== good)!;
    h = await harness('one-fails');
    // DynamoDB refuses every read of the bad source's state (a fault of storage, not of the site).
    h.dynamo.faultWhen((request) =>
      request.action === 'GetItem' && request.body.includes(`"SOURCE#${bad}"`)
        ? { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'injected by the test' } }
        : undefined,
    );
    outcome = await fetchOnce(h, [sqsEventOf([messageFor(good), messageFor(bad)])]);
  });

  afterAll(() => h?.close());

  it('only that message returns in batchItemFailures; the other source is stored in full', async () => {
    expect(outcome.invocations).toEqual([{ result: { batchItemFailures: [{ itemIdentifier: messageFor(bad).messageId }] } }]);
    const clean = await cleanRunOf(good);
    expect((await storedOf(h, good)).rows).toEqual(clean.rows);
  });
});

describe('at-least-once: publish-feed invoked twice for the same stream batch', () => {
  let s3: RecordingProxy;
  let before: Map<string, StoredObject>;
  let again: InvokeOutcome;

  beforeAll(async () => {
    before = await readBucket(deployed, LOCAL_NAMES.feedBucket);
    s3 = await startRecordingProxy(deployed.s3Endpoint);
    const publish = app.functions['publish-feed'];
    // The first batch once more (a retry after the first run's answer was lost), then again.
    again = await invokeBundle(publish, envFor(publish, { dynamoEndpoint: deployed.dynamoEndpoint, s3Endpoint: s3.endpoint }), [batches[0], batches[0]], { clockAt: CLOCK });
  });

  afterAll(() => s3?.close());

  it('the feed bucket ends byte-identical, with no write at all', async () => {
    expect(again.invocations.map((invocation) => invocation.error)).toEqual([undefined, undefined]);
    expect(s3.requests.filter((request) => request.method === 'PUT' || request.method === 'POST' || request.method === 'DELETE')).toEqual([]);
    const after = await readBucket(deployed, LOCAL_NAMES.feedBucket);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, object] of after) expect(object.body.equals(before.get(key)!.body), key).toBe(true);
  });
});
