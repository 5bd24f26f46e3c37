/**
 * The sample events under events/ are what `rujp invoke` and `sam local invoke` feed the
 * handlers. Each must run its handler to success against the embedded servers, and the
 * stream sample must be one the stack's filter actually lets through.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, synthStack } from './synth-stack.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'rujp-invoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const event = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'events', `${name}.json`), 'utf8'));

async function invoke(handler: string): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    [
      join(projectRoot, 'cli', 'rujp.mjs'),
      'invoke',
      handler,
      '--event',
      join(projectRoot, 'events', `${handler}.json`),
      '--recorded',
      '--data-dir',
      join(work, 'data'),
      '--out',
      join(work, 'public'),
    ],
    { cwd: projectRoot, timeout: 110_000, env: { ...process.env, LOG_LEVEL: 'ERROR' } },
  );
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

describe('sample events', () => {
  it('schedule.json is an EventBridge scheduled event', () => {
    expect(event('schedule')).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
  });

  it('fetch-source.json is an SQS batch naming one source', () => {
    const records = event('fetch-source').Records;
    expect(records).toHaveLength(1);
    expect(records[0].eventSource).toBe('aws:sqs');
    expect(JSON.parse(records[0].body)).toEqual({ sourceId: 'tass-ru' });
  });

  it('publish-feed.json passes the stream filter of the deployed event source mapping', () => {
    const { template } = synthStack();
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as any[];
    const pattern = JSON.parse(mappings.find((m) => m.Properties.FilterCriteria).Properties.FilterCriteria.Filters[0].Pattern);
    const record = event('publish-feed').Records[0];
    expect(record.eventName).toBe('INSERT');
    expect(matches(pattern, record)).toBe(true);
    // And the filter keeps out what must not trigger a publish.
    const irrelevant = structuredClone(record);
    irrelevant.dynamodb.NewImage.relevant = { BOOL: false };
    expect(matches(pattern, irrelevant)).toBe(false);
    const sourceState = structuredClone(record);
    sourceState.dynamodb.NewImage.pk = { S: 'SOURCE#tass-ru' };
    expect(matches(pattern, sourceState)).toBe(false);
  });
});

describe('rujp invoke with each sample event', () => {
  it('schedule queues the registry sources', async () => {
    const result = (await invoke('schedule')) as { queued: string[] };
    expect(result.queued.length).toBeGreaterThan(0);
  });

  it('fetch-source reports no failed message', async () => {
    expect(await invoke('fetch-source')).toEqual({ batchItemFailures: [] });
  });

  it('publish-feed writes the feeds', async () => {
    const result = (await invoke('publish-feed')) as { written: string[] };
    expect(result.written).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json']));
    expect(existsSync(join(work, 'public', 'feed.xml'))).toBe(true);
  });
});

/**
 * The subset of EventBridge/Lambda filter syntax the stack uses: nested objects, literal value
 * lists and { prefix }. Anything else is reported rather than silently passed.
 */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) => {
      if (rule !== null && typeof rule === 'object') {
        if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule.prefix));
        throw new Error(`filter rule not understood by this test: ${JSON.stringify(rule)}`);
      }
      return rule === value;
    });
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, sub]) => matches(sub, (value as Record<string, unknown>)[key]));
  }
  throw new Error(`filter pattern not understood by this test: ${JSON.stringify(pattern)}`);
}
