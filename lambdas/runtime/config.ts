import * as z from '../core/schema.js';
import type { FeedSettings } from '../core/types.js';

/**
 * Everything a handler reads from its environment, validated once. A Lambda gets only
 * the variables its own work needs, so each field is optional here and demanded by the
 * accessor that uses it.
 */
const name = z.optional(z.string().check(z.minLength(3)));
const url = z.string().check(z.url());

const EnvSchema = z.object({
  TABLE_NAME: name,
  ARCHIVE_BUCKET: name,
  FEED_BUCKET: name,
  QUEUE_URL: z.optional(url),
  FEED_TITLE: z._default(z.string().check(z.minLength(1)), 'rujp-feed: Russia–Japan regional news'),
  FEED_BASE_URL: z._default(url, 'http://127.0.0.1:8787/'),
  FEED_HOME_URL: z._default(url, 'https://github.com/rujp-feed/rujp-feed'),
  FEED_MAX_ENTRIES: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 100),
  USER_AGENT: name,
  SOURCES_PATH: z.optional(z.string().check(z.minLength(1))),
  AWS_REGION: z.optional(z.string()),
  /** Set by the local runtime only: the embedded S3 and DynamoDB servers. */
  RUJP_S3_ENDPOINT: z.optional(url),
  RUJP_DYNAMO_ENDPOINT: z.optional(url),
  /**
   * Set by tests of the deployed bundles only: every fetch goes to the recorded-source server
   * at this origin (`<origin>/<host><path>`), as `rujp demo` routes it in-process. A bundle
   * started in its own process can be told only through its environment.
   */
  RUJP_RECORDED_ORIGIN: z.optional(url),
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
