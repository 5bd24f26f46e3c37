import { describe, expect, it } from 'vitest';
import type { BlobStore, ItemStore, SourceState } from '../../lambdas/core/ports.js';
import type { FetchResult, HttpClient } from '../../lambdas/http/types.js';
import { pollSource } from '../../lambdas/pipeline/poll-source.js';
import { sourceEntrySchema } from '../../lambdas/sources/registry-schema.js';

const MIN = 60_000;
const START = new Date('2026-03-02T10:00:00Z').getTime();
const entry = sourceEntrySchema.parse({ id: 'mid-ru', name: 'МИД России', lang: 'ru', kind: 'html-list', url: 'https://mid.ru/ru/press_service/', list: { item: 'article', link: 'a' } });
const BLOCKED: FetchResult = { ok: false, url: entry.url, kind: 'blocked', status: 200, reason: 'JavaScript bot check' };

/** A source whose list page answers `answer()`, its state row in memory, and every row written. */
function harness() {
  let now = new Date(START);
  let answer: () => FetchResult = () => BLOCKED;
  const rows = new Map<string, SourceState>();
  const writes: SourceState[] = [];
  const items = {
    getSourceState: async (id: string) => rows.get(id) ?? null,
    putSourceState: async (row: SourceState) => {
      writes.push(row);
      rows.set(row.sourceId, JSON.parse(JSON.stringify(row)) as SourceState);
    },
  } as unknown as ItemStore;
  const http = { fetch: async () => answer() } as unknown as HttpClient;
  const deps = { http, items, archive: {} as BlobStore, clock: { now: () => now }, log: { info() {}, warn() {} } };
  return {
    writes,
    row: () => rows.get(entry.id),
    poll: async (atMinutes: number, respond: () => FetchResult = () => BLOCKED) => {
      now = new Date(START + atMinutes * MIN);
      answer = respond;
      return pollSource(entry, deps);
    },
  };
}

describe('the state row of a failing source (a pass where nothing changed writes nothing)', () => {
  it('a blocked source polled again before its backoff ends, blocked the same way, is not written again', async () => {
    const h = harness();
    expect((await h.poll(0)).status).toBe('failed');
    const first = h.row()!;
    expect(first).toMatchObject({ consecutiveFailures: 1, lastError: 'blocked: JavaScript bot check', failingSince: new Date(START).toISOString() });
    const second = await h.poll(1);
    expect(second).toMatchObject({ status: 'failed', reason: 'JavaScript bot check', failingSince: first.failingSince });
    expect(h.writes).toHaveLength(1);
    expect(h.row()).toEqual(first);
  });

  it('an early poll that fails another way records the new reason but does not lengthen the backoff', async () => {
    const h = harness();
    await h.poll(0);
    const first = h.row()!;
    await h.poll(1, () => ({ ok: false, url: entry.url, kind: 'http', status: 503, reason: 'HTTP 503' }));
    expect(h.writes).toHaveLength(2);
    expect(h.row()).toMatchObject({ consecutiveFailures: 1, nextAttemptAt: first.nextAttemptAt, lastError: 'http: HTTP 503', failingSince: first.failingSince });
  });

  it('a Retry-After beyond the stored backoff moves the next attempt out, even on an early poll', async () => {
    const h = harness();
    await h.poll(0);
    await h.poll(1, () => ({ ...BLOCKED, retryAfterSeconds: 3600 }));
    expect(h.writes).toHaveLength(2);
    expect(h.row()).toMatchObject({ consecutiveFailures: 1, nextAttemptAt: new Date(START + 61 * MIN).toISOString() });
  });

  it('a poll after the backoff has run out counts as the next failure and waits longer', async () => {
    const h = harness();
    await h.poll(0);
    const first = h.row()!;
    const at = (Date.parse(first.nextAttemptAt!) - START) / MIN + 1;
    await h.poll(at);
    expect(h.writes).toHaveLength(2);
    const second = h.row()!;
    expect(second.consecutiveFailures).toBe(2);
    expect(Date.parse(second.nextAttemptAt!)).toBeGreaterThan(START + (at + 15) * MIN);
    expect(second.failingSince).toBe(first.failingSince);
  });

  it('the first success after the failures clears them and is written', async () => {
    const h = harness();
    await h.poll(0);
    await h.poll(1, () => ({ ok: true, status: 304, url: entry.url }) as FetchResult);
    expect(h.writes).toHaveLength(2);
    expect(h.row()).toMatchObject({ consecutiveFailures: 0 });
    expect(h.row()?.nextAttemptAt).toBeUndefined();
    expect(h.row()?.failingSince).toBeUndefined();
  });
});
