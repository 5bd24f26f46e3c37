/**
 * Powertools' logger and metrics as every handler creates them at start
 * (lambdas/runtime/observability.ts), and nothing else.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'rujp-feed' });
export const metrics = new Metrics({ namespace: 'RujpFeed', serviceName: 'rujp-feed' });
export const handler = async () => Boolean(logger && metrics);
