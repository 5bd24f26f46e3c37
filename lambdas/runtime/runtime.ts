import type { BlobStore, FeedTarget, ItemStore, QueueSender } from '../core/ports.js';
import { systemClock, type Clock, type FeedSettings } from '../core/types.js';
import type { HttpClient } from '../http/types.js';
import { createHttpClient, type HttpClientOptions } from '../http/http-client.js';
import { loadRegistry } from '../sources/load-registry.js';
import type { SourceEntry } from '../sources/registry-schema.js';
import { createStorageClients, type StorageClients } from '../store/clients.js';
import { DynamoItemStore } from '../store/dynamo-item-store.js';
import { S3BlobStore } from '../store/s3-blob-store.js';
import { S3FeedTarget } from '../store/s3-feed-target.js';
import { TeeFeedTarget } from '../pipeline/tee-feed-target.js';
import { SqsQueueSender } from '../store/sqs-queue.js';
import type { PipelineLog } from '../pipeline/poll-source.js';
import { feedSettingsFrom, readEnv, required, type RuntimeEnv } from './config.js';

/** What the handlers need, built lazily so each Lambda creates only the clients it uses. */
export interface Runtime {
  readonly env: RuntimeEnv;
  readonly clock: Clock;
  readonly log: PipelineLog;
  readonly storage: StorageClients;
  sources(): SourceEntry[];
  items(): ItemStore;
  archive(): BlobStore;
  feedTarget(): FeedTarget;
  queue(): QueueSender;
  http(): HttpClient;
  feedSettings(): FeedSettings;
}

export interface RuntimeOverrides {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  log?: PipelineLog;
  http?: HttpClientOptions;
  queue?: QueueSender;
  /** More places to publish to besides the feed bucket (locally: the out folder). */
  alsoPublishTo?: FeedTarget[];
  sources?: SourceEntry[];
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** The routing of lambdas/local/recorded-server.ts, from its origin alone (that module is not bundled). */
function recordedRouting(originUrl: string): HttpClientOptions {
  const origin = new URL(originUrl).origin;
  return {
    // The recorded server is ours: no need to space requests as we do for real sites.
    perHostDelayMs: 0,
    route: (url) => new URL(`${origin}/${url.hostname.toLowerCase()}${url.pathname}${url.search}`),
    allowOrigins: [origin],
  };
}

export function createRuntime(log: PipelineLog, overrides: RuntimeOverrides = {}): Runtime {
  const env = readEnv(overrides.env);
  const storage = createStorageClients({
    region: env.AWS_REGION,
    s3Endpoint: env.RUJP_S3_ENDPOINT,
    dynamoEndpoint: env.RUJP_DYNAMO_ENDPOINT,
  });
  return {
    env,
    clock: overrides.clock ?? systemClock,
    log: overrides.log ?? log,
    storage,
    sources: once(() => overrides.sources ?? loadRegistry(env.SOURCES_PATH)),
    items: once(() => new DynamoItemStore(storage.doc, required(env, 'TABLE_NAME'))),
    archive: once(() => new S3BlobStore(storage.s3, required(env, 'ARCHIVE_BUCKET'))),
    feedTarget: once(() => {
      const bucket = new S3FeedTarget(storage.s3, required(env, 'FEED_BUCKET'));
      return overrides.alsoPublishTo?.length ? new TeeFeedTarget([bucket, ...overrides.alsoPublishTo]) : bucket;
    }),
    queue: once(
      () => overrides.queue ?? new SqsQueueSender(env.AWS_REGION, required(env, 'QUEUE_URL')),
    ),
    http: once(() =>
      createHttpClient({
        ...(env.USER_AGENT ? { userAgent: env.USER_AGENT } : {}),
        ...(env.RUJP_RECORDED_ORIGIN ? recordedRouting(env.RUJP_RECORDED_ORIGIN) : {}),
        ...overrides.http,
      }),
    ),
    feedSettings: once(() => feedSettingsFrom(env)),
  };
}
