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
  return sources.filter((source) => {
    if (source.enabled === false) return false;
    const state = states.get(source.id);
    if (!state) return true;
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > t) return false;
    const lastPolled = state.lastPolledAt ? Date.parse(state.lastPolledAt) : Number.NaN;
    if (Number.isNaN(lastPolled)) return true;
    return lastPolled + source.cadenceMinutes * 60_000 - TICK_SLACK_MS <= t;
  });
}
