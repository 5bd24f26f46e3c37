import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from '../core/schema.js';
import { pollSource, type PollReport } from '../pipeline/poll-source.js';
import { defaultRuntime } from '../runtime/default-runtime.js';
import { logger, metrics, MetricUnit, withObservability } from '../runtime/observability.js';
import type { Runtime } from '../runtime/runtime.js';

const MessageSchema = z.object({ sourceId: z.string().check(z.minLength(1)) });

const processor = new BatchProcessor(EventType.SQS);

const DAY_MS = 24 * 3600 * 1000;

/**
 * `SourcesFailingForADay` counts each failed poll of a source that has not succeeded for a
 * day; one alarm on it covers every source, whatever its cadence, including new ones.
 */
export function recordMetrics(report: PollReport, now: Date): void {
  metrics.addMetric('ItemsNew', MetricUnit.Count, report.items.new);
  metrics.addMetric('ItemsRelevant', MetricUnit.Count, report.items.relevant);
  metrics.addMetric('ItemsDuplicate', MetricUnit.Count, report.items.duplicate);
  metrics.addMetric('SourcesFailed', MetricUnit.Count, report.status === 'failed' ? 1 : 0);
  const failingFor = report.failingSince ? now.getTime() - Date.parse(report.failingSince) : 0;
  if (report.status === 'failed' && failingFor >= DAY_MS) {
    metrics.addMetric('SourcesFailingForADay', MetricUnit.Count, 1);
  }
}

/**
 * Polls the source named in each message. A source that is down is a normal outcome
 * (recorded, backed off, reported); only an unexpected error fails the record, so SQS
 * retries it and finally parks it in the dead-letter queue.
 */
export interface FetchHooks {
  context?: Context;
  onReport?: (report: PollReport) => void;
  /** A source whose poll threw (storage down, a bug): its message is reported as failed. */
  onError?: (sourceId: string, error: Error) => void;
}

export async function fetchSources(
  event: SQSEvent,
  rt: Runtime = defaultRuntime(),
  hooks: FetchHooks = {},
): Promise<SQSBatchResponse> {
  const recordHandler = async (record: SQSRecord) => {
    let sourceId: string;
    try {
      sourceId = MessageSchema.parse(JSON.parse(record.body)).sourceId;
    } catch (error) {
      // A malformed message never gets better: log it and let it go.
      logger.error('malformed message dropped', { messageId: record.messageId, error: (error as Error).message });
      return;
    }
    const source = rt.sources().find((entry) => entry.id === sourceId);
    if (!source) {
      logger.error('message names no registry source; dropped', { sourceId });
      return;
    }
    let report: PollReport;
    try {
      report = await pollSource(source, {
        http: rt.http(),
        items: rt.items(),
        archive: rt.archive(),
        clock: rt.clock,
        log: rt.log,
      });
    } catch (error) {
      hooks.onError?.(sourceId, error as Error);
      throw error;
    }
    recordMetrics(report, rt.clock.now());
    logger.info('source polled', { ...report });
    hooks.onReport?.(report);
  };
  // Every failed record is reported, even when all fail: SQS retries exactly those.
  return processPartialResponse(event, recordHandler, processor, {
    ...(hooks.context ? { context: hooks.context } : {}),
    throwOnFullBatchFailure: false,
  });
}

/**
 * The Lambda handler, with hooks for a caller that wants each source's report as it comes
 * (`rujp invoke` prints them); the deployed `handler` is this with none.
 */
export function createHandler(hooks: Omit<FetchHooks, 'context'> = {}) {
  return withObservability((event: SQSEvent, context: Context) => fetchSources(event, defaultRuntime(), { ...hooks, context }));
}

export const handler = createHandler();
