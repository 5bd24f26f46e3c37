import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lib/config.js';
import { loadRegistry, RegistryError } from '../../lambdas/sources/load-registry.js';
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
    expect(errorOf({ sourcesFile: join(dir, 'broken.json') })).toMatch(/broken\.json: not valid JSON/);
    mkdirSync(join(dir, 'empty'));
    expect(errorOf({ sourcesFile: join(dir, 'empty') })).toContain('holds no .json registry files');
  });

  it('a valid sources folder is accepted, resolved from the project root, and loaded as the functions load it', () => {
    const config = parse({ sourcesFile: 'sources' });
    expect(config.sourcesPath).toBe(join(projectRoot, 'sources'));
    expect(config.sources.map((source) => source.id)).toEqual(expect.arrayContaining(['tass-ru', 'nhk-ru']));
    // Defaults filled in by the runtime's schema, not merely parsed JSON.
    expect(config.sources.every((source) => source.cadenceMinutes >= 5)).toBe(true);
  });

  it('without sourcesFile the shipped registry is bundled, since a bundle has no other to read', () => {
    const config = parse({ sourcesFile: undefined });
    expect(config.sourcesFile).toBe('sources');
    expect(config.sourcesPath).toBe(join(projectRoot, 'sources'));
  });

  /** A registry folder holding the shipped TASS entry, changed as given, plus any extra files. */
  function registryWith(change: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'rujp-registry-'));
    const tass = JSON.parse(readFileSync(join(projectRoot, 'sources', 'tass-ru.json'), 'utf8'));
    writeFileSync(join(dir, 'tass-ru.json'), JSON.stringify({ ...tass, ...change }));
    for (const [name, body] of Object.entries(extra)) writeFileSync(join(dir, name), JSON.stringify(body));
    return dir;
  }

  it('a registry entry the functions would reject fails synthesis, naming the file, the source and the field', () => {
    const message = errorOf({ sourcesFile: registryWith({ kind: 'rsss' }) });
    expect(message).toContain('context key "sourcesFile"');
    expect(message).toContain('would fail in the schedule and fetch-source functions');
    expect(message).toMatch(/tass-ru\.json: source "tass-ru": field "kind": must be one of "rss", "atom", "html-list", "json"/);
    // The same verdict as the loader the Lambdas run.
    expect(() => loadRegistry(registryWith({ kind: 'rsss' }))).toThrow(RegistryError);
  });

  it('lists every problem of the registry at once: unknown fields, missing ones, duplicate ids', () => {
    const tass = JSON.parse(readFileSync(join(projectRoot, 'sources', 'tass-ru.json'), 'utf8'));
    const message = errorOf({
      sourcesFile: registryWith(
        {},
        { 'copy.json': tass, 'typo.json': { ...tass, id: 'tass-typo', cadenceMinute: 15 }, 'nameless.json': { ...tass, id: 'tass-copy', name: undefined } },
      ),
    });
    expect(message).toContain('(3 problems)');
    expect(message).toMatch(/typo\.json: source "tass-typo": field "cadenceMinute": unknown field/);
    expect(message).toMatch(/nameless\.json: source "tass-copy": field "name": is required/);
    expect(message).toMatch(/tass-ru\.json: source "tass-ru": field "id": duplicate id, already used in .*copy\.json/);
  });

  it('a bad registry stops `cdk synth` before any resource is built', () => {
    expect(() => synthStack({ context: { sourcesFile: registryWith({ kind: 'rsss' }) } })).toThrow(ConfigError);
  });

  it('an invalid context stops synthesis before any resource is built', () => {
    expect(() => synthStack({ context: { schedule: 'rate(0 minutes)' } })).toThrow(ConfigError);
  });
});
