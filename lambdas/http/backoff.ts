/**
 * Waiting rules. Within one fetch: exponential backoff with full jitter, so many
 * Lambdas retrying the same host do not hit it in step. Across runs: a source that
 * keeps failing is polled less and less often, up to once a day, so a dead site
 * costs almost nothing while it stays dead and is picked up again when it returns.
 */

export const MAX_SOURCE_BACKOFF_MS = 24 * 60 * 60 * 1000;
const FIRST_SOURCE_BACKOFF_MS = 15 * 60 * 1000;

/**
 * Delay before retry number `attempt` (0 for the first retry): a random point in
 * [0, base * 2^attempt], capped ("full jitter").
 *
 * @example retryDelayMs(2, 500, 10_000, () => 1) // 2000
 */
export function retryDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(random() * ceiling);
}

/**
 * When a source that has failed `failures` times in a row may be tried again.
 * The first failure waits about one schedule tick (15 min); each further one
 * doubles it, capped at 24 h. Half of the wait is jittered so sources that broke
 * together do not come back together. No failures: now.
 *
 * @example nextAttemptAfter(3, new Date('2024-01-01T00:00:00Z'), () => 1) // 2024-01-01T01:00:00Z
 */
export function nextAttemptAfter(failures: number, now: Date, random: () => number = Math.random): Date {
  if (!Number.isFinite(failures) || failures <= 0) return new Date(now.getTime());
  const full = Math.min(MAX_SOURCE_BACKOFF_MS, FIRST_SOURCE_BACKOFF_MS * 2 ** Math.min(failures - 1, 30));
  const wait = full / 2 + random() * (full / 2);
  return new Date(now.getTime() + Math.round(wait));
}

/**
 * Reads a Retry-After header (delta-seconds or an HTTP date) as seconds from `now`.
 * Returns undefined for a missing or unreadable value, 0 for a date in the past.
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
