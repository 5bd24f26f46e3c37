import type { ScheduledEvent } from 'aws-lambda';
import { planDueSources } from '../pipeline/plan-due-sources.js';
import { defaultRuntime } from '../runtime/default-runtime.js';
import { logger, withObservability } from '../runtime/observability.js';
import type { Runtime } from '../runtime/runtime.js';

/** Sends one message per due source; the fetcher polls them in parallel. */
export async function scheduleSources(_event: ScheduledEvent | unknown, rt: Runtime = defaultRuntime()) {
  const sources = rt.sources();
  const states = await rt.items().getSourceStates(sources.map((source) => source.id));
  const due = planDueSources(sources, states, rt.clock.now());
  await rt.queue().send(due.map((source) => ({ sourceId: source.id })));
  logger.info('sources queued', { due: due.length, of: sources.length });
  return { queued: due.map((source) => source.id) };
}

export const handler = withObservability((event: ScheduledEvent) => scheduleSources(event));
