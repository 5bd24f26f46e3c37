/**
 * The sample events under events/ are what `rujp invoke` and `sam local invoke` feed the
 * handlers. Each must run its handler to success against the embedded servers — for the fetch,
 * a poll of the recorded snapshot that stores items, not merely a result without failed
 * messages (an unreachable source gives that too) — and the stream sample must be one the
 * stack's filter actually lets through.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../lambdas/local/command-io.js';
import { checkEvent } from '../../lambdas/local/commands/invoke.js';
import { projectRoot, synthStack } from './synth-stack.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'rujp-invoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const event = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'events', `${name}.json`), 'utf8'));

/** Runs `rujp invoke` over the recorded snapshot; stdout's last line is the handler's result. */
async function invoke(handler: string, eventFile = join(projectRoot, 'events', `${handler}.json`)): Promise<{ result: any; stderr: string }> {
  const { stdout, stderr } = await run(
    process.execPath,
    [
      join(projectRoot, 'cli', 'rujp.mjs'),
      'invoke',
      handler,
      '--event',
      eventFile,
      '--recorded',
      '--data-dir',
      join(work, 'data'),
      '--out',
      join(work, 'public'),
    ],
    { cwd: projectRoot, timeout: 110_000, env: { ...process.env, LOG_LEVEL: 'ERROR' } },
  );
  const lines = stdout.trim().split('\n');
  return { result: JSON.parse(lines[lines.length - 1]!), stderr };
}

/** The per-source line `rujp invoke fetch-source` writes to stderr. */
function sourceReport(stderr: string, sourceId: string) {
  const line = stderr.split('\n').find((text) => text.startsWith(`source ${sourceId}: `));
  expect(line, `a report line for ${sourceId} in:\n${stderr}`).toBeDefined();
  const match = /^source \S+: (ok|not-modified|failed), (\d+) links, (\d+) new, (\d+) relevant.*?(?: \((.*)\))?$/.exec(line!);
  expect(match, line).not.toBeNull();
  return { status: match![1], links: Number(match![2]), new: Number(match![3]), relevant: Number(match![4]), reason: match![5] };
}

/** An SQS event like events/fetch-source.json whose one message names `sourceId`. */
function fetchEventFor(sourceId: string): string {
  const sample = event('fetch-source');
  sample.Records[0].body = JSON.stringify({ sourceId });
  const file = join(work, `fetch-${sourceId}.json`);
  writeFileSync(file, JSON.stringify(sample));
  return file;
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
  // One data dir for the three, in this order, as the README shows them: the fetch stores
  // what the recorded snapshot of tass-ru holds, and the publish renders it.
  let relevantStored = 0;

  it('schedule queues the registry sources', async () => {
    const { result } = await invoke('schedule');
    expect(result.queued).toEqual(expect.arrayContaining(['tass-ru', 'nhk-ru']));
  });

  it('fetch-source polls the recorded tass-ru and stores new and relevant items', async () => {
    const { result, stderr } = await invoke('fetch-source');
    expect(result).toEqual({ batchItemFailures: [] });
    // An empty batchItemFailures is also what an unreachable source gives; the report says which.
    const report = sourceReport(stderr, 'tass-ru');
    expect(report.status, report.reason).toBe('ok');
    expect(report.links).toBeGreaterThan(0);
    expect(report.new).toBeGreaterThan(0);
    expect(report.relevant).toBeGreaterThan(0);
    relevantStored = report.relevant;
  });

  it('publish-feed renders the items the fetch stored into the feeds', async () => {
    const { result } = await invoke('publish-feed');
    expect(result.written).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json']));
    expect(result.entries).toBeGreaterThan(0);
    expect(result.entries).toBeLessThanOrEqual(relevantStored);
    const feed = readFileSync(join(work, 'public', 'feed.xml'), 'utf8');
    expect(feed.match(/<item>/g) ?? []).toHaveLength(result.entries);
  });

  it('fetch-source says when a source fails, although its result has no failed message', async () => {
    // mid-ru answers even its RSS with a JavaScript bot wall, in the snapshot as on the web.
    const { result, stderr } = await invoke('fetch-source', fetchEventFor('mid-ru'));
    expect(result).toEqual({ batchItemFailures: [] });
    const report = sourceReport(stderr, 'mid-ru');
    expect(report).toMatchObject({ status: 'failed', new: 0, relevant: 0 });
    expect(report.reason).toMatch(/^blocked: .*bot check/);
  });

  it('fetch-source says when a message names no registry source', async () => {
    const { result, stderr } = await invoke('fetch-source', fetchEventFor('no-such-source'));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(stderr).toMatch(/^message \S+: dropped, no registry source has the id "no-such-source"$/m);
  });

  it('an event of another handler is refused before anything runs, naming the shape expected and events/', async () => {
    const refused = await run(
      process.execPath,
      [join(projectRoot, 'cli', 'rujp.mjs'), 'invoke', 'fetch-source', '--event', join(projectRoot, 'events', 'publish-feed.json'), '--data-dir', join(work, 'refused')],
      { cwd: projectRoot, timeout: 60_000 },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('Records.0.eventSource');
    expect(refused?.stderr).toContain('fetch-source takes an SQS event');
    expect(refused?.stderr).toContain('Sample events for every handler are in events/; try --event events/fetch-source.json');
    expect(existsSync(join(work, 'refused'))).toBe(false);
  });
});

describe('rujp invoke event checks', () => {
  const refusal = (name: 'schedule' | 'fetch-source' | 'publish-feed', value: unknown) => {
    try {
      checkEvent(name, value, 'event.json');
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
  };

  it('schedule takes anything', () => {
    for (const value of [event('schedule'), {}, [], 'now', event('fetch-source')]) expect(refusal('schedule', value)).toBeNull();
  });

  it('fetch-source takes an SQS batch of at least one message', () => {
    expect(refusal('fetch-source', event('fetch-source'))).toBeNull();
    expect(refusal('fetch-source', {})).toMatch(/^event\.json is not an event fetch-source takes \(Records: /);
    expect(refusal('fetch-source', { Records: [] })).toContain('at least one record');
    expect(refusal('fetch-source', event('publish-feed'))).toContain('Records.0.eventSource');
    expect(refusal('fetch-source', event('schedule'))).toContain('takes an SQS event');
  });

  it('publish-feed takes a DynamoDB stream event or {}', () => {
    expect(refusal('publish-feed', event('publish-feed'))).toBeNull();
    expect(refusal('publish-feed', {})).toBeNull();
    expect(refusal('publish-feed', event('fetch-source'))).toContain('takes a DynamoDB stream event');
    expect(refusal('publish-feed', event('schedule'))).toContain('events/publish-feed.json');
    expect(refusal('publish-feed', [])).not.toBeNull();
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
