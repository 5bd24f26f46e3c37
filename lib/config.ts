/**
 * The deployment's settings, read once from CDK context (`cdk.json`, or `-c key=value` on the
 * command line) and validated before any construct is built, so a typo fails `cdk synth` with
 * the key at fault instead of deploying a half-configured stack.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ProfileError } from '../lambdas/classify/errors.js';
import { loadProfile } from '../lambdas/classify/profile.js';
import { formatProblem, loadRegistry, RegistryError } from '../lambdas/sources/load-registry.js';
import type { SourceEntry } from '../lambdas/sources/registry-schema.js';

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** `-c key=value` always arrives as a string; cdk.json gives numbers. Accept both. */
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number().int().min(min).max(max),
  );

const httpsUrl = z
  .string()
  .url()
  .refine((value) => value.startsWith('https://'), 'must be an https:// URL');

/** EventBridge accepts rate(n unit) and 6-field cron(...); catch the common slips here. */
const scheduleExpression = z
  .string()
  .regex(
    /^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$/,
    'must be "rate(N minutes|hours|days)" (singular unit for 1) or a six-field "cron(...)"',
  );

const contextSchema = z
  .object({
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name').default('RujpFeed'),
    schedule: scheduleExpression.default('rate(15 minutes)'),
    feedTitle: z.string().trim().min(1, 'must not be empty').max(200),
    feedDescription: z.string().trim().max(1000).default(''),
    feedHomeUrl: httpsUrl,
    userAgent: z.string().trim().min(8, 'must say who is fetching (name and contact URL)'),
    logLevel: z.enum(LOG_LEVELS).default('INFO'),
    /** Days raw pages stay in the archive bucket. */
    archiveRetentionDays: wholeNumber(1, 36500).default(730),
    logRetentionDays: wholeNumber(1, 3653)
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** How many fetcher instances may run at once: the ceiling of our load on the sources. */
    fetchConcurrency: wholeNumber(2, 50).default(2),
    /**
     * The registry (a .json file or a folder of them) copied into the schedule and fetch-source
     * bundles, relative to the project root. Not optional: a bundle has no other registry to read.
     */
    sourcesFile: z.string().trim().min(1).default('sources'),
    /** Optional custom domain; the certificate must live in us-east-1 (CloudFront). */
    customDomainName: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name')
      .optional(),
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be an ACM certificate ARN in us-east-1')
      .optional(),
    /** Optional address that receives alarm notifications. */
    alarmEmail: z.string().email().optional(),
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.customDomainName) !== Boolean(value.certificateArn)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.customDomainName ? 'certificateArn' : 'customDomainName'],
        message: 'customDomainName and certificateArn go together: set both or neither',
      });
    }
  });

export type RujpFeedConfig = z.infer<typeof contextSchema> & {
  /** Absolute path of the validated registry (a .json file or a folder of them). */
  sourcesPath: string;
  /** The registry's entries as the functions will read them (validated by the runtime's own loader). */
  sources: SourceEntry[];
};

export const CONTEXT_KEYS = Object.keys(contextSchema.shape) as (keyof typeof contextSchema.shape)[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates raw context values. `projectRoot` resolves `sourcesFile`.
 * @example parseConfig({ feedTitle: 'News', feedHomeUrl: 'https://example.org', userAgent: 'bot/1 (+https://example.org)' }, process.cwd())
 */
export function parseConfig(raw: Record<string, unknown>, projectRoot: string): RujpFeedConfig {
  // Context lookups give undefined for missing keys; zod defaults apply only to undefined.
  const picked = Object.fromEntries(CONTEXT_KEYS.map((key) => [key, raw[key] ?? undefined]));
  const parsed = contextSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(context)';
      const given = issue.path.length ? JSON.stringify(picked[String(issue.path[0])]) : undefined;
      return `  - context key "${key}"${given === undefined ? ' (missing)' : ` = ${given}`}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid rujp-feed configuration in cdk.json context:\n${lines.join('\n')}`);
  }
  const { path: sourcesPath, sources } = checkSourcesFile(parsed.data.sourcesFile, projectRoot);
  checkClassifier();
  return { ...parsed.data, sourcesPath, sources };
}

/**
 * Loads the bundled classifier profile and its trained model as fetch-source will, so a corrupt weights
 * file fails synth rather than the first new article after the deploy.
 */
function checkClassifier(): void {
  try {
    loadProfile();
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    throw new ConfigError(`the classifier would fail in fetch-source: ${error.message}`);
  }
}

/** Reads every known key from a construct node's context (cdk.json merged with `-c`). */
export function loadConfig(node: { tryGetContext(key: string): unknown }, projectRoot: string): RujpFeedConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) raw[key] = node.tryGetContext(key);
  return parseConfig(raw, projectRoot);
}

/**
 * Loads the registry with the loader the functions use at run time (lambdas/sources/load-registry.ts),
 * so an entry they would reject (an unknown kind, a missing field, a duplicate id) fails synth
 * instead of every invocation after the deploy.
 */
function checkSourcesFile(file: string, projectRoot: string): { path: string; sources: SourceEntry[] } {
  const path = isAbsolute(file) ? file : resolve(projectRoot, file);
  const key = 'context key "sourcesFile"';
  if (!existsSync(path)) throw new ConfigError(`${key}: ${file} does not exist (resolved from the project root)`);
  if (statSync(path).isDirectory()) {
    if (!readdirSync(path).some((name) => name.endsWith('.json'))) throw new ConfigError(`${key}: folder ${file} holds no .json registry files`);
  } else if (!path.endsWith('.json')) {
    throw new ConfigError(`${key}: ${file} must be a .json file or a folder of them`);
  }
  try {
    return { path, sources: loadRegistry(path) };
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    const lines = error.problems.map((problem) => `  - ${formatProblem(problem)}`);
    throw new ConfigError(
      `${key}: the registry would fail in the schedule and fetch-source functions (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
  }
}
