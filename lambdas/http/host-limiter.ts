/**
 * Politeness per host: at most `concurrency` requests in flight and at least
 * `delayMs` between the starts of two requests to the same host. A robots.txt
 * Crawl-delay raises the delay for that host (never lowers it).
 */

export interface HostLimiterOptions {
  concurrency: number;
  delayMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

interface HostState {
  active: number;
  queue: (() => void)[];
  lastStart: number;
  delayMs: number;
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly options: HostLimiterOptions) {}

  /** Raises the minimum gap for one host, e.g. from robots.txt Crawl-delay. */
  setMinDelay(host: string, delayMs: number): void {
    const state = this.state(host);
    state.delayMs = Math.max(state.delayMs, delayMs);
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    if (state.active >= this.options.concurrency) {
      await new Promise<void>((resolve) => state.queue.push(resolve));
    }
    state.active++;
    try {
      const wait = state.lastStart + state.delayMs - this.options.now();
      // Reserve the slot before sleeping so a concurrent caller spaces after us.
      state.lastStart = Math.max(this.options.now(), state.lastStart + state.delayMs);
      if (wait > 0 && state.lastStart > 0) await this.options.sleep(wait);
      return await task();
    } finally {
      state.active--;
      state.queue.shift()?.();
    }
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, queue: [], lastStart: -Infinity, delayMs: this.options.delayMs };
      this.hosts.set(host, state);
    }
    return state;
  }
}
