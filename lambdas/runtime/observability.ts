import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { PipelineLog } from '../pipeline/poll-source.js';

/** One logger and one metrics object per process, shared by every handler module. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rujp-feed' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'RujpFeed',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rujp-feed',
});

export { MetricUnit };

export const pipelineLog: PipelineLog = {
  info: (message, fields) => logger.info(message, fields ?? {}),
  warn: (message, fields) => logger.warn(message, fields ?? {}),
};

/**
 * Wraps a bare handler with the Lambda context in every log line and the metrics flushed
 * after each invocation, which is what Powertools' middleware does, without middy.
 */
export function withObservability<E, R>(fn: (event: E, context: Context) => Promise<R>) {
  return async (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    try {
      return await fn(event, context);
    } catch (error) {
      logger.error('invocation failed', error as Error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
