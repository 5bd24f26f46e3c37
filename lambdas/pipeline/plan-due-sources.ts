import type { SourceState } from '../core/ports.js';
import type { SourceEntry } from '../sources/registry-schema.js';

/** Slack so a source polled at 10:00:03 is due again at the 11:00 tick, not at 11:15. */
const TICK_SLACK_MS = 60_000;

/**
 * The sources to poll now: enabled, their cadence elapsed since the last poll, and not
 * in backoff after failures.
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
    if (!state.lastPolledAt) return true;
    return Date.parse(state.lastPolledAt) + source.cadenceMinutes * 60_000 - TICK_SLACK_MS <= t;
  });
}
