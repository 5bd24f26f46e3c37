import robotsParserModule from 'robots-parser';
import type { RobotsMemory, RobotsSnapshot } from './types.js';

// The package is CommonJS with a hand-written d.ts that NodeNext reads as a namespace.
type RobotsParser = (url: string, text: string) => {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};
const robotsParser = robotsParserModule as unknown as RobotsParser;

/**
 * robots.txt per origin, shared by every request to that origin, and remembered across
 * runs: the pipeline keeps each answer (`RobotsSnapshot`) in the source's state row and
 * hands it back to the next client (another Lambda container, the next local run), so an
 * unchanged source costs its one conditional GET and nothing else.
 *
 * - 2xx: the rules that apply to our agent are kept, with the validators, for `ttlMs`
 *   (24 h by default, as Google and RFC 9309 §2.4 do); after that robots.txt is asked
 *   again, conditionally when the answer had an ETag or Last-Modified, and a 304 keeps
 *   the rules for another `ttlMs`.
 * - 4xx (404, 403, 410…; not 429): no robots.txt, everything allowed (RFC 9309 §2.3.1.3),
 *   remembered for `ttlMs` like a 2xx.
 * - 5xx, 429, network errors, timeouts, a body over the cap: robots.txt is unreachable.
 *   The last answer we had keeps being obeyed, whatever its age (RFC 9309 §2.3.1.4 allows
 *   a cached copy), and it is asked again after `retryMs`. With no earlier answer at all
 *   everything is allowed, as before: a broken robots.txt must not silence a source, and
 *   the per-host delay keeps us polite. That stricter RFC reading (assume complete
 *   disallow) would also stop every article of the host for good, since a robots refusal
 *   is never retried. An unreachable answer is never remembered across runs, so a 503
 *   cannot stand in for robots.txt for a day.
 */

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our agent, in milliseconds, when the file states one. */
  crawlDelayMs?: number;
}

/** What asking for a robots.txt came to. */
export type RobotsAnswer =
  | { kind: 'ok'; text: string; etag?: string; lastModified?: string }
  | { kind: 'not-modified' }
  /** 4xx: there is no robots.txt for us, so nothing is disallowed. */
  | { kind: 'unavailable'; status: number }
  /** 5xx, 429, network, timeout: we do not know what it says. */
  | { kind: 'unreachable'; reason: string };

/** Fetches a robots.txt, conditionally when validators of an earlier answer are given. */
export type RobotsFetcher = (robotsUrl: string, validators: { etag?: string; lastModified?: string }) => Promise<RobotsAnswer>;

export interface RobotsCacheOptions {
  fetchRobots: RobotsFetcher;
  userAgent: string;
  now: () => number;
  /** How long an answer is used before robots.txt is asked again (default 24 h). */
  ttlMs?: number;
  /** How long after an unreachable robots.txt it is tried again (default 10 min). */
  retryMs?: number;
}

export const ROBOTS_TTL_MS = 24 * 3600_000;
const UNREACHABLE_RETRY_MS = 10 * 60_000;
/**
 * Rules longer than this (after keeping only our agent's group) are obeyed but not kept
 * across runs: DynamoDB bills a write per KiB, and the state row is written on every poll,
 * so a huge file would cost more than the one request it saves.
 */
export const MAX_KEPT_RULES_CHARS = 16 * 1024;

const ALLOW_ALL: RobotsRules = { isAllowed: () => true };

/** Crawl-delay above this is ignored: one poll per source every 15 minutes is already gentle. */
const MAX_CRAWL_DELAY_MS = 30_000;

export function parseRobots(robotsUrl: string, text: string, userAgent: string): RobotsRules {
  const robot = robotsParser(robotsUrl, text);
  const delay = robot.getCrawlDelay(userAgent);
  return {
    // undefined means "this robots.txt is not for that URL" (other origin): allow.
    isAllowed: (url) => robot.isAllowed(url, userAgent) !== false,
    ...(delay && delay > 0 ? { crawlDelayMs: Math.min(delay * 1000, MAX_CRAWL_DELAY_MS) } : {}),
  };
}

/** The product token robots.txt groups are matched against, normalised as robots-parser does ("rujp-feed"). */
export function agentToken(userAgent: string): string {
  const lower = userAgent.toLowerCase();
  const slash = lower.indexOf('/');
  return (slash > -1 ? lower.slice(0, slash) : lower).trim();
}

/**
 * The part of a robots.txt that decides anything for `userAgent`, as a robots.txt: the
 * rules of the groups naming our token, or when none does, those of the `*` groups
 * (robots-parser picks exactly one of the two), in their order, under one User-agent
 * line. robots-parser reads the result to the same answers and Crawl-delay for our agent
 * as the whole file; Sitemap, Host, Clean-param and other agents' groups are left out.
 * Lines are read the way robots-parser reads them (comments cut, split at the first
 * colon, trimmed, a User-agent line after a rule starting a new group).
 */
export function rulesForAgent(text: string, userAgent: string): string {
  const token = agentToken(userAgent);
  const own: string[] = [];
  const star: string[] = [];
  let ownGroup = false;
  let starGroup = false;
  let agents: string[] = [];
  let afterRule = true;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const hash = raw.indexOf('#');
    const line = hash > -1 ? raw.slice(0, hash) : raw;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!key) continue;
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (afterRule) agents = [];
      if (value) agents.push(agentToken(value));
    } else if (key === 'allow' || key === 'disallow' || key === 'crawl-delay') {
      const directive = `${key === 'crawl-delay' ? 'Crawl-delay' : key === 'allow' ? 'Allow' : 'Disallow'}: ${value}`;
      if (agents.includes(token)) {
        own.push(directive);
        ownGroup = true;
      }
      if (agents.includes('*')) {
        star.push(directive);
        starGroup = true;
      }
    }
    afterRule = key !== 'user-agent';
  }
  if (ownGroup) return [`User-agent: ${token}`, ...own, ''].join('\n');
  if (starGroup) return ['User-agent: *', ...star, ''].join('\n');
  return '';
}

interface Entry {
  /** The last confirmed answer (2xx, 304 or 4xx): what is obeyed and what is kept across runs. */
  known?: RobotsSnapshot;
  rules: RobotsRules;
  /** Until then the entry is used as it is; after, robots.txt is asked again. */
  validUntil: number;
}

export class RobotsCache implements RobotsMemory {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly token: string;
  private readonly ttlMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: RobotsCacheOptions) {
    this.token = agentToken(options.userAgent);
    this.ttlMs = options.ttlMs ?? ROBOTS_TTL_MS;
    this.retryMs = options.retryMs ?? UNREACHABLE_RETRY_MS;
  }

  rulesFor(url: URL): Promise<RobotsRules> {
    const origin = url.origin;
    const entry = this.entries.get(origin);
    if (entry && this.options.now() < entry.validUntil) return Promise.resolve(entry.rules);
    let asking = this.pending.get(origin);
    if (!asking) {
      asking = this.refresh(origin, entry).finally(() => this.pending.delete(origin));
      this.pending.set(origin, asking);
    }
    return asking.then((fresh) => fresh.rules);
  }

  recall(snapshots: readonly unknown[]): void {
    if (!Array.isArray(snapshots)) return;
    for (const value of snapshots) {
      const snapshot = validSnapshot(value);
      if (!snapshot || snapshot.agent !== this.token) continue;
      const current = this.entries.get(snapshot.origin);
      // A newer answer seen by this process (or one being asked for now) wins.
      if (this.pending.has(snapshot.origin)) continue;
      if (current?.known && Date.parse(current.known.fetchedAt) >= Date.parse(snapshot.fetchedAt)) continue;
      const entry = this.entryOf(snapshot);
      // This process found robots.txt unreachable a moment ago: obey the copy, but do not ask again before the retry.
      if (current) entry.validUntil = Math.max(entry.validUntil, current.validUntil);
      this.entries.set(snapshot.origin, entry);
    }
  }

  snapshot(origin: string): RobotsSnapshot | undefined {
    const known = this.entries.get(origin)?.known;
    if (!known || (known.rules?.length ?? 0) > MAX_KEPT_RULES_CHARS) return undefined;
    return { ...known };
  }

  private entryOf(known: RobotsSnapshot): Entry {
    const confirmed = Math.min(Date.parse(known.fetchedAt), this.options.now());
    return {
      known,
      rules: known.rules ? parseRobots(`${known.origin}/robots.txt`, known.rules, this.options.userAgent) : ALLOW_ALL,
      validUntil: confirmed + this.ttlMs,
    };
  }

  private async refresh(origin: string, previous: Entry | undefined): Promise<Entry> {
    const known = previous?.known;
    const robotsUrl = `${origin}/robots.txt`;
    const validators = known?.status === 200 ? { etag: known.etag, lastModified: known.lastModified } : {};
    let answer: RobotsAnswer;
    try {
      answer = await this.options.fetchRobots(robotsUrl, validators);
    } catch (error) {
      answer = { kind: 'unreachable', reason: (error as Error).message };
    }
    const fetchedAt = new Date(this.options.now()).toISOString();
    let entry: Entry;
    if (answer.kind === 'ok') {
      const rules = rulesForAgent(answer.text, this.options.userAgent);
      entry = this.entryOf({
        origin,
        agent: this.token,
        fetchedAt,
        status: 200,
        ...(rules ? { rules } : {}),
        ...(answer.etag ? { etag: answer.etag } : {}),
        ...(answer.lastModified ? { lastModified: answer.lastModified } : {}),
      });
    } else if (answer.kind === 'not-modified' && known?.status === 200) {
      entry = this.entryOf({ ...known, fetchedAt });
    } else if (answer.kind === 'unavailable') {
      entry = this.entryOf({ origin, agent: this.token, fetchedAt, status: answer.status });
    } else {
      // Unreachable (or a 304 to a request that had no validators): keep obeying what we
      // knew, and ask again soon. The known answer keeps its own fetchedAt, so it is not
      // passed off as fresh to the next run.
      entry = {
        ...(known ? { known } : {}),
        rules: previous?.rules ?? ALLOW_ALL,
        validUntil: this.options.now() + this.retryMs,
      };
    }
    this.entries.set(origin, entry);
    return entry;
  }
}

/** A snapshot read back from storage, checked field by field: anything else is no cache. */
function validSnapshot(value: unknown): RobotsSnapshot | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Record<string, unknown>;
  if (typeof s.origin !== 'string' || typeof s.agent !== 'string' || typeof s.fetchedAt !== 'string') return null;
  if (Number.isNaN(Date.parse(s.fetchedAt))) return null;
  if (typeof s.status !== 'number' || !(s.status === 200 || (s.status >= 400 && s.status < 500))) return null;
  if (s.rules !== undefined && typeof s.rules !== 'string') return null;
  if (s.etag !== undefined && typeof s.etag !== 'string') return null;
  if (s.lastModified !== undefined && typeof s.lastModified !== 'string') return null;
  let origin: string;
  try {
    origin = new URL(s.origin).origin;
  } catch {
    return null;
  }
  if (origin !== s.origin) return null;
  return {
    origin,
    agent: s.agent,
    fetchedAt: s.fetchedAt,
    status: s.status,
    ...(s.rules ? { rules: s.rules } : {}),
    ...(s.etag ? { etag: s.etag } : {}),
    ...(s.lastModified ? { lastModified: s.lastModified } : {}),
  };
}
