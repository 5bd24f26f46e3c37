import { pipelineLog } from './observability.js';
import { createRuntime, type Runtime } from './runtime.js';

let current: Runtime | undefined;

/** The runtime of a Lambda: built from its environment on first use, reused while warm. */
export function defaultRuntime(): Runtime {
  current ??= createRuntime(pipelineLog);
  return current;
}
