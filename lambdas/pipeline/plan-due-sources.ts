import type { SourceState } from '../core/ports.js';
import type { SourceEntry } from '../sources/registry-schema.js';

/** Slack so a source polled at 10:00:03 is due again at the 11:00 tick, not at 11:15. */
const TICK_SLACK_MS = 60_000;

/**
 * The sources to poll now: enabled, their cadence elapsed since the last poll, and not
 * in backoff after failures. A failed poll sets lastPolledAt as well as nextAttemptAt,
 * so a source waits for whichever is later: a backoff shorter than the cadence changes
 * nothing. A date in the state that cannot be read holds nothing back, so a damaged
 * state row can never silence a source for good.
 */
export function planDueSources(
  sources: readonly SourceEntry[],
  states: ReadonlyMap<string, SourceState>,
  now: Date,
): SourceEntry[] {
  const t = now.getTime();
  return sources.filter((source) => source.enabled !== false && nextDueAt(source, states.get(source.id)) <= t);
}

/**
 * When the schedule will next poll the source (ms since the epoch; -Infinity: at the next
 * tick): the later of its backoff and its cadence since the last poll. `rujp status` shows it.
 */
export function nextDueAt(source: SourceEntry, state: SourceState | undefined): number {
  if (!state) return Number.NEGATIVE_INFINITY;
  const backoff = state.nextAttemptAt ? Date.parse(state.nextAttemptAt) : Number.NaN;
  const lastPolled = state.lastPolledAt ? Date.parse(state.lastPolledAt) : Number.NaN;
  const cadence = Number.isNaN(lastPolled) ? Number.NaN : lastPolled + source.cadenceMinutes * 60_000 - TICK_SLACK_MS;
  // A date that cannot be read holds nothing back.
  return Math.max(Number.NEGATIVE_INFINITY, ...[backoff, cadence].filter((value) => !Number.isNaN(value)));
}
