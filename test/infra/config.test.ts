import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lib/config.js';
import { cdkJsonContext, projectRoot, synthStack } from './synth-stack.js';

const base = cdkJsonContext();
const parse = (overrides: Record<string, unknown>) => parseConfig({ ...base, ...overrides }, projectRoot);
const errorOf = (overrides: Record<string, unknown>) => {
  try {
    parse(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration from cdk.json context', () => {
  it('the shipped cdk.json is valid and gives the documented defaults', () => {
    const config = parse({});
    expect(config).toMatchObject({
      stackName: 'RujpFeed',
      schedule: 'rate(15 minutes)',
      logLevel: 'INFO',
      archiveRetentionDays: 730,
      logRetentionDays: 30,
      fetchConcurrency: 2,
    });
    expect(config.customDomainName).toBeUndefined();
  });

  it('accepts numbers given as strings, as `cdk deploy -c key=value` passes them', () => {
    expect(parse({ archiveRetentionDays: '365', fetchConcurrency: '4' })).toMatchObject({ archiveRetentionDays: 365, fetchConcurrency: 4 });
  });

  it.each([
    [{ schedule: 'every 15 minutes' }, 'context key "schedule" = "every 15 minutes"'],
    [{ schedule: 'rate(1 minutes)' }, 'singular unit for 1'],
    [{ schedule: 'cron(0 12 * * *)' }, 'six-field'],
    [{ feedHomeUrl: 'http://example.org' }, 'context key "feedHomeUrl" = "http://example.org": must be an https:// URL'],
    [{ feedTitle: '  ' }, 'context key "feedTitle"'],
    [{ logRetentionDays: 10 }, 'context key "logRetentionDays" = 10: must be one of 1, 3, 5, 7, 14, 30'],
    [{ fetchConcurrency: 1 }, 'context key "fetchConcurrency" = 1'],
    [{ logLevel: 'verbose' }, 'context key "logLevel"'],
    [{ alarmEmail: 'ops at example' }, 'context key "alarmEmail"'],
    [{ userAgent: undefined }, 'context key "userAgent" (missing)'],
    [{ customDomainName: 'feeds.example.org' }, 'context key "certificateArn" (missing): customDomainName and certificateArn go together'],
    [
      { customDomainName: 'feeds.example.org', certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' },
      'must be an ACM certificate ARN in us-east-1',
    ],
  ])('rejects %j naming the key and the problem', (overrides, expected) => {
    expect(errorOf(overrides)).toContain(expected);
  });

  it('reports every bad key at once, not just the first', () => {
    const message = errorOf({ schedule: 'hourly', logRetentionDays: 11 });
    expect(message).toContain('"schedule"');
    expect(message).toContain('"logRetentionDays"');
  });

  it('a sources file must exist and be JSON', () => {
    expect(errorOf({ sourcesFile: 'no/such/registry.json' })).toContain('context key "sourcesFile": no/such/registry.json does not exist');
    const dir = mkdtempSync(join(tmpdir(), 'rujp-config-'));
    writeFileSync(join(dir, 'broken.json'), '{"id": "tass-ru",');
    expect(errorOf({ sourcesFile: join(dir, 'broken.json') })).toMatch(/broken\.json is not valid JSON/);
    mkdirSync(join(dir, 'empty'));
    expect(errorOf({ sourcesFile: join(dir, 'empty') })).toContain('holds no .json registry files');
  });

  it('a valid sources folder is accepted and resolved from the project root', () => {
    const config = parse({ sourcesFile: 'sources' });
    expect(config.sourcesPath).toBe(join(projectRoot, 'sources'));
  });

  it('an invalid context stops synthesis before any resource is built', () => {
    expect(() => synthStack({ context: { schedule: 'rate(0 minutes)' } })).toThrow(ConfigError);
  });
});
