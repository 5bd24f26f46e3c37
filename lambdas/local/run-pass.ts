import path from 'node:path';
import type { Clock } from '../core/types.js';
import type { HttpClientOptions } from '../http/http-client.js';
import { fetchSources } from '../handlers/fetch-source.js';
import { publishFeed } from '../handlers/publish-feed.js';
import type { PipelineLog, PollReport } from '../pipeline/poll-source.js';
import type { PublishReport } from '../pipeline/publish-feeds.js';
import { createRuntime } from '../runtime/runtime.js';
import { loadRegistry } from '../sources/load-registry.js';
import type { SourceEntry } from '../sources/registry-schema.js';
import { DirFeedTarget } from './dir-feed-target.js';
import { startEmbeddedStorage, type EmbeddedStorage } from './embedded-storage.js';
import { localContext, sqsEventOf } from './lambda-events.js';
import { MemoryQueue } from './memory-queue.js';
import { startRecordedServer } from './recorded-server.js';

export interface PassOptions {
  /** Registry file or folder; the bundled `sources/` by default. */
  sourcesPath?: string;
  /** Already-loaded sources (tests); wins over sourcesPath. */
  sources?: SourceEntry[];
  /** Only these source ids. */
  only?: string[];
  dataDir: string;
  outDir: string;
  /** Serve the recorded snapshot from these `sites` folders and fetch from it instead of the web. */
  recordedRoots?: string[];
  /** Storage already running (tests of concurrent passes); otherwise started and stopped here. */
  storage?: EmbeddedStorage;
  http?: HttpClientOptions;
  clock?: Clock;
  log: PipelineLog;
  onSource?: (report: PollReport) => void;
  /** Public base URL written into the feeds. */
  feedBaseUrl?: string;
}

export interface PassSummary {
  sources: { ok: number; notModified: number; failed: { id: string; reason: string }[] };
  items: { new: number; relevant: number; duplicate: number; failed: number };
  /** Articles that could not be stored this pass, with why (retried next poll where it may pass). */
  articleFailures: { id: string; url: string; reason: string }[];
  /** Items whose date could not be read: stored with the fetch time and marked so in the feeds. */
  undated: { id: string; url: string }[];
  calls: { http: number; s3Put: number; s3Get: number; dynamo: number };
  /** The part of `calls` spent publishing (the rest is polling). */
  publishCalls: { s3Put: number; s3Get: number; s3Other: number; dynamo: number };
  /** `error` when the feeds could not be published (storage down); the next pass publishes. */
  published: { entries: number; written: number; outDir: string; error?: string };
  reports: PollReport[];
  durationMs: number;
}

export class RegistryLoadError extends Error {
  override name = 'RegistryLoadError';
}

/**
 * One pass of the pipeline on this machine: the fetch-source and publish-feed handlers run
 * in-process against the embedded S3 and DynamoDB servers, exactly as they run in Lambda
 * but for the endpoints. Every enabled source is polled (a manual run means "now"); the
 * scheduled Lambda is the one that honours cadence and backoff.
 */
export async function runPass(options: PassOptions): Promise<PassSummary> {
  const started = Date.now();
  // The registry is read before anything starts, so a bad entry stops the run with no work done.
  let sources = options.sources ?? loadRegistry(options.sourcesPath);
  if (options.only?.length) {
    const unknown = options.only.filter((id) => !sources.some((source) => source.id === id));
    if (unknown.length) throw new RegistryLoadError(`no source with id ${unknown.join(', ')} in the registry`);
    sources = sources.filter((source) => options.only!.includes(source.id));
  }
  const enabled = sources.filter((source) => source.enabled !== false);

  const storage = options.storage ?? (await startEmbeddedStorage(options.dataDir));
  const recorded = options.recordedRoots ? await startRecordedServer({ root: options.recordedRoots }) : null;
  try {
    const queue = new MemoryQueue();
    const envForRuntime: NodeJS.ProcessEnv = {
      ...process.env,
      ...storage.env,
      ...(options.feedBaseUrl ? { FEED_BASE_URL: options.feedBaseUrl } : {}),
    };
    const rt = createRuntime(options.log, {
      env: envForRuntime,
      clock: options.clock,
      sources,
      queue,
      alsoPublishTo: [new DirFeedTarget(path.resolve(options.outDir))],
      http: recorded
        ? {
            // The recorded server is ours: no need to space requests as we do for real sites.
            perHostDelayMs: 0,
            ...options.http,
            route: recorded.route,
            allowOrigins: [recorded.origin, ...(options.http?.allowOrigins ?? [])],
          }
        : options.http,
    });

    const reports: PollReport[] = [];
    const crashed: { id: string; reason: string }[] = [];
    await queue.send(enabled.map((source) => ({ sourceId: source.id })));
    const messages = queue.drain();
    await fetchSources(sqsEventOf(messages), rt, {
      context: localContext('fetch-source'),
      onReport: (report) => {
        reports.push(report);
        options.onSource?.(report);
      },
      onError: (id, error) => {
        crashed.push({ id, reason: `error: ${error.message} (in Lambda, SQS would retry this source)` });
        options.log.warn('source crashed', { source: id, error: error.message });
      },
    });

    const beforePublish = { ...rt.storage.counts };
    let published: PublishReport = { entries: 0, written: [], unchanged: 0, reprintUrls: [] };
    let publishError: string | undefined;
    try {
      published = await publishFeed({ Records: [] }, rt);
    } catch (error) {
      // Storage gone mid-pass: what is stored stays stored; the next pass publishes it.
      publishError = (error as Error).message;
      options.log.warn('publishing failed', { error: publishError });
    }
    const counts = rt.storage.counts;
    const http = rt.http().requestCount;
    rt.storage.destroy();

    const reprints = new Set(published.reprintUrls);
    const sum = (pick: (report: PollReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
    return {
      sources: {
        ok: reports.filter((report) => report.status === 'ok').length,
        notModified: reports.filter((report) => report.status === 'not-modified').length,
        failed: [
          ...reports
            .filter((report) => report.status === 'failed')
            .map((report) => ({ id: report.sourceId, reason: `${report.failureKind ?? 'error'}: ${report.reason ?? ''}` })),
          ...crashed,
        ],
      },
      items: {
        new: sum((report) => report.items.new),
        relevant: sum((report) => report.items.relevant),
        // Stories are grouped at publish time, across sources polled in parallel: a new item is
        // a reprint when the published feed lists it under another item's entry.
        duplicate: publishError
          ? sum((report) => report.items.duplicate)
          : reports.reduce((total, report) => total + report.newUrls.filter((url) => reprints.has(url)).length, 0),
        failed: sum((report) => report.items.failed),
      },
      articleFailures: reports.flatMap((report) =>
        report.articleFailures.map((failure) => ({ id: report.sourceId, url: failure.url, reason: failure.reason })),
      ),
      undated: reports.flatMap((report) => report.undated.map((url) => ({ id: report.sourceId, url }))),
      calls: { http, s3Put: counts.s3Put, s3Get: counts.s3Get, dynamo: counts.dynamo },
      publishCalls: {
        s3Put: counts.s3Put - beforePublish.s3Put,
        s3Get: counts.s3Get - beforePublish.s3Get,
        s3Other: counts.s3Other - beforePublish.s3Other,
        dynamo: counts.dynamo - beforePublish.dynamo,
      },
      published: {
        entries: published.entries,
        written: published.written.length,
        outDir: path.resolve(options.outDir),
        ...(publishError ? { error: publishError } : {}),
      },
      reports,
      durationMs: Date.now() - started,
    };
  } finally {
    await recorded?.close();
    if (!options.storage) await storage.close();
  }
}
