import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_BACKOFF_MS, nextAttemptAfter, parseRetryAfter, retryDelayMs } from '../../lambdas/http/backoff.js';

const NOW = new Date('2019-09-20T10:00:00Z');
const minutes = (d: Date) => (d.getTime() - NOW.getTime()) / 60_000;

describe('nextAttemptAfter', () => {
  it('lets a healthy source run now', () => {
    expect(nextAttemptAfter(0, NOW).getTime()).toBe(NOW.getTime());
  });

  it('doubles the wait with each failure, jittered within the upper half', () => {
    expect([1, 2, 3, 4, 5].map((n) => minutes(nextAttemptAfter(n, NOW, () => 1)))).toEqual([15, 30, 60, 120, 240]);
    expect([1, 2, 3].map((n) => minutes(nextAttemptAfter(n, NOW, () => 0)))).toEqual([7.5, 15, 30]);
  });

  it('never waits more than a day, however long the source has been failing', () => {
    for (const failures of [8, 20, 1000, Number.MAX_SAFE_INTEGER]) {
      const wait = nextAttemptAfter(failures, NOW, () => 1).getTime() - NOW.getTime();
      expect(wait).toBe(MAX_SOURCE_BACKOFF_MS);
    }
  });
});

describe('retryDelayMs', () => {
  it('grows exponentially up to the cap with full jitter', () => {
    expect([0, 1, 2, 3, 10].map((a) => retryDelayMs(a, 500, 5_000, () => 1))).toEqual([500, 1000, 2000, 4000, 5000]);
    expect(retryDelayMs(3, 500, 5_000, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120],
    [' 5 ', 5],
    ['Fri, 20 Sep 2019 10:01:30 GMT', 90],
    ['Fri, 20 Sep 2019 09:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds);
  });
});
