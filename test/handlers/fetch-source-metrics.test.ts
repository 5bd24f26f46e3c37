import { afterEach, describe, expect, it } from 'vitest';
import { recordMetrics } from '../../lambdas/handlers/fetch-source.js';
import { metrics } from '../../lambdas/runtime/observability.js';
import type { PollReport } from '../../lambdas/pipeline/poll-source.js';
import { SOURCES_FAILING_FOR_A_DAY_METRIC } from '../../lib/pipeline-alarms.js';

const now = new Date('2026-11-23T12:00:00Z');

function failedReport(failingSince: string): PollReport {
  return {
    sourceId: 'primorsky',
    status: 'failed',
    reason: 'HTTP 503 after 3 tries',
    failureKind: 'http',
    failingSince,
    candidates: 0,
    items: { new: 0, relevant: 0, duplicate: 0, failed: 0 },
    newUrls: [],
    articleFailures: [],
    undated: [],
    warnings: [],
  };
}

/** The metric names of what Powertools would flush as EMF. */
function storedMetricNames(): string[] {
  const emf = metrics.serializeMetrics() as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
  return emf._aws.CloudWatchMetrics[0]!.Metrics.map((metric) => metric.Name);
}

describe('fetch-source metrics', () => {
  afterEach(() => metrics.clearMetrics());

  it('counts a source that has failed for a day under the metric the stack alarms on', () => {
    recordMetrics(failedReport('2026-11-22T06:00:00Z'), now);
    expect(storedMetricNames()).toContain(SOURCES_FAILING_FOR_A_DAY_METRIC);
    expect(storedMetricNames()).toContain('SourcesFailed');
  });

  it('does not count a source that started failing a few hours ago', () => {
    recordMetrics(failedReport('2026-11-23T09:00:00Z'), now);
    expect(storedMetricNames()).not.toContain(SOURCES_FAILING_FOR_A_DAY_METRIC);
  });
});
