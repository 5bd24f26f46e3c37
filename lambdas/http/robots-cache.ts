import robotsParserModule from 'robots-parser';

// The package is CommonJS with a hand-written d.ts that NodeNext reads as a namespace.
type RobotsParser = (url: string, text: string) => {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};
const robotsParser = robotsParserModule as unknown as RobotsParser;

/**
 * robots.txt per origin, fetched once per client (a Lambda invocation or a local
 * run) and shared by every request to that origin. A robots.txt that cannot be
 * fetched (404, 5xx, timeout) means "allow all": a broken robots.txt must not
 * silence a source, and the per-host delay keeps us polite anyway.
 */

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our agent, in milliseconds, when the file states one. */
  crawlDelayMs?: number;
}

/** Fetches the text of a robots.txt; null when it is missing or failed. */
export type RobotsFetcher = (robotsUrl: string) => Promise<string | null>;

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

export class RobotsCache {
  private readonly byOrigin = new Map<string, Promise<RobotsRules>>();

  constructor(
    private readonly fetchRobots: RobotsFetcher,
    private readonly userAgent: string,
  ) {}

  rulesFor(url: URL): Promise<RobotsRules> {
    const origin = url.origin;
    let rules = this.byOrigin.get(origin);
    if (!rules) {
      const robotsUrl = `${origin}/robots.txt`;
      rules = this.fetchRobots(robotsUrl)
        .then((text) => (text === null ? ALLOW_ALL : parseRobots(robotsUrl, text, this.userAgent)))
        .catch(() => ALLOW_ALL);
      this.byOrigin.set(origin, rules);
    }
    return rules;
  }
}
