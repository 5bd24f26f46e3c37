// A namespace import lets esbuild keep only the schemas used; the named `z` drags in every locale (~360 KB).
import * as z from 'zod';
import type { FeedSettings } from '../core/types.js';

/**
 * Everything a handler reads from its environment, validated once. A Lambda gets only
 * the variables its own work needs, so each field is optional here and demanded by the
 * accessor that uses it.
 */
const EnvSchema = z.object({
  TABLE_NAME: z.string().min(3).optional(),
  ARCHIVE_BUCKET: z.string().min(3).optional(),
  FEED_BUCKET: z.string().min(3).optional(),
  QUEUE_URL: z.string().url().optional(),
  FEED_TITLE: z.string().min(1).default('rujp-feed: Russia–Japan regional news'),
  FEED_BASE_URL: z.string().url().default('http://127.0.0.1:8787/'),
  FEED_HOME_URL: z.string().url().default('https://github.com/rujp-feed/rujp-feed'),
  FEED_MAX_ENTRIES: z.coerce.number().int().min(1).max(1000).default(100),
  USER_AGENT: z.string().min(3).optional(),
  SOURCES_PATH: z.string().min(1).optional(),
  AWS_REGION: z.string().optional(),
  /** Set by the local runtime only: the embedded S3 and DynamoDB servers. */
  RUJP_S3_ENDPOINT: z.string().url().optional(),
  RUJP_DYNAMO_ENDPOINT: z.string().url().optional(),
});

export type RuntimeEnv = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  return parsed.data;
}

export function required<K extends keyof RuntimeEnv>(env: RuntimeEnv, key: K): NonNullable<RuntimeEnv[K]> {
  const value = env[key];
  if (value === undefined || value === null || value === '') {
    throw new ConfigError(`environment variable ${String(key)} is not set`);
  }
  return value as NonNullable<RuntimeEnv[K]>;
}

export function feedSettingsFrom(env: RuntimeEnv): FeedSettings {
  const baseUrl = env.FEED_BASE_URL.endsWith('/') ? env.FEED_BASE_URL : `${env.FEED_BASE_URL}/`;
  return {
    title: env.FEED_TITLE,
    description:
      'News of relations between Russia and Japan, above all between Russian regions and Japanese prefectures, gathered from Russian and Japanese sources.',
    baseUrl,
    homeUrl: env.FEED_HOME_URL,
    language: 'ru',
    maxEntries: env.FEED_MAX_ENTRIES,
    ttlMinutes: 30,
  };
}
