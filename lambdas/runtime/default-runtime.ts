import { pipelineLog } from './observability.js';
import { createRuntime, type Runtime } from './runtime.js';

let current: Runtime | undefined;

/** The runtime of a Lambda: built from its environment on first use, reused while warm. */
export function defaultRuntime(): Runtime {
  current ??= createRuntime(pipelineLog);
  return current;
}

/** Lets the local runtime hand the exported handlers a runtime wired to the embedded servers. */
export function useRuntime(rt: Runtime | undefined): void {
  current = rt;
}
