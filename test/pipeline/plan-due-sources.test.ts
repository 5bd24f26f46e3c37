import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BlobStore, ItemStore, SourceState } from '../../lambdas/core/ports.js';
import type { HttpClient } from '../../lambdas/http/types.js';
import { planDueSources } from '../../lambdas/pipeline/plan-due-sources.js';
import { pollSource } from '../../lambdas/pipeline/poll-source.js';
import { sourceEntrySchema, type SourceEntry } from '../../lambdas/sources/registry-schema.js';

const NOW = new Date('2026-03-02T11:00:00Z');
const MIN = 60_000;
/** An instant `minutes` before (negative: after) NOW, as the state row stores it. */
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MIN).toISOString();

function source(overrides: Partial<Record<string, unknown>> = {}): SourceEntry {
  return sourceEntrySchema.parse({ id: 'tass-ru', name: 'ТАСС', lang: 'ru', kind: 'rss', url: 'https://tass.ru/rss/v2.xml', cadenceMinutes: 60, ...overrides });
}

function state(fields: Partial<SourceState>): SourceState {
  return { sourceId: 'tass-ru', consecutiveFailures: 0, ...fields };
}

function isDue(entry: SourceEntry, row: SourceState | undefined, now = NOW): boolean {
  const states = new Map(row ? [[entry.id, row]] : []);
  return planDueSources([entry], states, now).length === 1;
}

describe('planDueSources: which sources the schedule queues', () => {
  // Cadence 60 min unless the row says otherwise; a tick may run up to a minute early.
  const cases: Array<{ name: string; entry?: SourceEntry; row?: SourceState; due: boolean }> = [
    { name: 'never polled (no state row)', due: true },
    { name: 'a state row without lastPolledAt (nothing polled yet)', row: state({}), due: true },
    { name: 'polled 30 min ago, within its cadence', row: state({ lastPolledAt: ago(30) }), due: false },
    { name: 'polled 58 min ago: still within the cadence less the tick slack', row: state({ lastPolledAt: ago(58) }), due: false },
    { name: 'polled 59 min ago: the minute of tick slack makes it due', row: state({ lastPolledAt: ago(59) }), due: true },
    { name: 'polled exactly one cadence ago', row: state({ lastPolledAt: ago(60) }), due: true },
    { name: 'polled 3 h ago', row: state({ lastPolledAt: ago(180) }), due: true },
    { name: 'cadence 24 h, polled 12 h ago', entry: source({ cadenceMinutes: 1440 }), row: state({ lastPolledAt: ago(720) }), due: false },
    { name: 'cadence 24 h, polled 24 h ago', entry: source({ cadenceMinutes: 1440 }), row: state({ lastPolledAt: ago(1440) }), due: true },
    {
      name: 'backing off: nextAttemptAt in the future, though the cadence has passed',
      row: state({ lastPolledAt: ago(120), consecutiveFailures: 4, nextAttemptAt: ago(-60) }),
      due: false,
    },
    {
      name: 'backing off, even a minute before nextAttemptAt',
      row: state({ lastPolledAt: ago(239), consecutiveFailures: 5, nextAttemptAt: ago(-1) }),
      due: false,
    },
    { name: 'nextAttemptAt reached exactly', row: state({ lastPolledAt: ago(240), consecutiveFailures: 5, nextAttemptAt: ago(0) }), due: true },
    { name: 'nextAttemptAt passed and the cadence too', row: state({ lastPolledAt: ago(90), consecutiveFailures: 2, nextAttemptAt: ago(60) }), due: true },
    {
      // A failed poll sets lastPolledAt too, so a short backoff never polls faster than the cadence.
      name: 'nextAttemptAt passed but the cadence since the failed poll has not',
      row: state({ lastPolledAt: ago(20), consecutiveFailures: 1, nextAttemptAt: ago(5) }),
      due: false,
    },
    { name: 'backoff over and never polled', row: state({ consecutiveFailures: 1, nextAttemptAt: ago(1) }), due: true },
    { name: 'still in backoff and never polled', row: state({ consecutiveFailures: 1, nextAttemptAt: ago(-1) }), due: false },
    { name: 'disabled and never polled', entry: source({ enabled: false }), due: false },
    { name: 'disabled, long overdue', entry: source({ enabled: false }), row: state({ lastPolledAt: ago(10_000) }), due: false },
    { name: 'an unreadable nextAttemptAt does not hold the source back', row: state({ lastPolledAt: ago(120), nextAttemptAt: 'soon' }), due: true },
    { name: 'an unreadable lastPolledAt counts as never polled, not as never due', row: state({ lastPolledAt: 'yesterday' }), due: true },
  ];

  it.each(cases)('$name → due: $due', ({ entry, row, due }) => {
    expect(isDue(entry ?? source(), row)).toBe(due);
  });

  it('keeps registry order, and reads each source by its own id and cadence', () => {
    const fast = source({ id: 'fast', cadenceMinutes: 15 });
    const slow = source({ id: 'slow', cadenceMinutes: 240 });
    const fresh = source({ id: 'fresh' });
    const states = new Map<string, SourceState>([
      ['slow', { sourceId: 'slow', consecutiveFailures: 0, lastPolledAt: ago(60) }],
      ['fast', { sourceId: 'fast', consecutiveFailures: 0, lastPolledAt: ago(60) }],
    ]);
    expect(planDueSources([slow, fresh, fast], states, NOW).map((s) => s.id)).toEqual(['fresh', 'fast']);
  });
});

describe('planDueSources with backoff across runs', () => {
  afterEach(() => vi.restoreAllMocks());

  /**
   * Every 15-minute tick for `hours`: the schedule's plan, then the real pollSource for each
   * due source, so the state rows are the ones the fetcher writes. The listing answers 503
   * while `fails(now)`, else 304. Jitter at its top, so the waits are exact.
   */
  async function simulate(entry: SourceEntry, hours: number, fails: (at: Date) => boolean): Promise<string[]> {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const start = new Date('2026-03-02T00:00:00Z').getTime();
    const states = new Map<string, SourceState>();
    let now = new Date(start);
    const items = {
      getSourceState: async (id: string) => states.get(id) ?? null,
      putSourceState: async (row: SourceState) => void states.set(row.sourceId, row),
    } as unknown as ItemStore;
    const http: HttpClient = {
      fetch: async (request) =>
        fails(now) ? { ok: false, url: request.url, kind: 'http', status: 503, reason: 'HTTP 503' } : { ok: true, status: 304, url: request.url },
    } as HttpClient;
    const deps = { http, items, archive: {} as BlobStore, clock: { now: () => now }, log: { info() {}, warn() {} } };
    const polls: string[] = [];
    for (let t = start; t < start + hours * 60 * MIN; t += 15 * MIN) {
      now = new Date(t);
      for (const due of planDueSources([entry], states, now)) {
        polls.push(now.toISOString().slice(11, 16));
        await pollSource(due, deps);
      }
    }
    return polls;
  }

  it('polls a dead source less and less often: 15, 30, 60, 120, 240, 480 minutes apart', async () => {
    const polls = await simulate(source({ cadenceMinutes: 15 }), 16, () => true);
    expect(polls).toEqual(['00:00', '00:15', '00:45', '01:45', '03:45', '07:45', '15:45']);
  });

  it('never polls a failing source faster than its cadence', async () => {
    // Hourly source: the first backoffs (15, 30 min) are shorter than the cadence, so they change nothing.
    const polls = await simulate(source({ cadenceMinutes: 60 }), 8, () => true);
    expect(polls).toEqual(['00:00', '01:00', '02:00', '03:00', '05:00']);
  });

  it('goes back to its cadence after the first poll that succeeds', async () => {
    const recovered = new Date('2026-03-02T03:00:00Z').getTime();
    const polls = await simulate(source({ cadenceMinutes: 15 }), 5, (at) => at.getTime() < recovered);
    // Failing: 00:00, 00:15, 00:45, 01:45; the try at 03:45 gets through; then every tick.
    expect(polls).toEqual(['00:00', '00:15', '00:45', '01:45', '03:45', '04:00', '04:15', '04:30', '04:45']);
  });
});
