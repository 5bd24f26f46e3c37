import type { DynamoDBStreamEvent } from 'aws-lambda';
import { publishFeeds } from '../pipeline/publish-feeds.js';
import { defaultRuntime } from '../runtime/default-runtime.js';
import { logger, withObservability } from '../runtime/observability.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * Re-renders the feeds when relevant items arrive. The stream records are only the
 * trigger: the feeds are built from the table, so a retried or merged batch gives the
 * same files, and unchanged files are not written again.
 */
export async function publishFeed(event: DynamoDBStreamEvent | unknown, rt: Runtime = defaultRuntime()) {
  const records = (event as DynamoDBStreamEvent)?.Records?.length ?? 0;
  const report = await publishFeeds({
    items: rt.items(),
    target: rt.feedTarget(),
    settings: rt.feedSettings(),
    now: rt.clock.now(),
  });
  logger.info('feeds published', { records, entries: report.entries, written: report.written.length });
  return report;
}

export const handler = withObservability((event: DynamoDBStreamEvent) => publishFeed(event));
