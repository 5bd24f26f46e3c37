/**
 * Real feed readers pointed at a directory of published files, so a test (or the
 * integrator, over the demo output) can show that every feed opens cleanly: rss-parser,
 * Python's feedparser, newsboat, a JSON Feed 1.1 schema, and the page in headless Chromium.
 *
 * A reader that is not installed is an error saying how to get it (`npm run test:setup`, which
 * `npm test` runs first), never a skip: a test that cannot read the feeds has not passed.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { z } from 'zod';
import { serveDirectory } from '../../lambdas/local/feed-server.js';
import { chromiumInstall, feedparserPython, newsboatVersion } from './test-tools.js';

const run = promisify(execFile);

export class ReaderMissingError extends Error {
  override name = 'ReaderMissingError';
  constructor(tool: string, from: string, detail: string) {
    super(`${tool} is not available (${detail}); \`npm run test:setup\` installs it (${from}), and \`npm test\` runs that first`);
  }
}

/** One or more feeds a reader could not read cleanly; the message lists every file and why. */
export class FeedReaderError extends Error {
  override name = 'FeedReaderError';
  constructor(
    reader: string,
    readonly problems: string[],
  ) {
    super(`${reader} found ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  }
}

export interface FeedReading {
  /** Path relative to the published directory, forward slashes. */
  path: string;
  items: number;
  /** Item ids (guid / Atom id / JSON id) in document order, as the reader saw them. */
  ids: string[];
  /** feedparser only: each item's source feed URL (RSS <source url>), null where it has none. */
  sources?: (string | null)[];
}

export interface ReaderReport {
  reader: string;
  feeds: FeedReading[];
}

/** The feeds of a published directory: XML feeds (RSS and Atom) and JSON Feeds, relative paths, sorted. */
export async function listFeeds(dir: string): Promise<{ xml: string[]; json: string[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
  return { xml: files.filter((f) => f.endsWith('.xml')), json: files.filter((f) => /(^|\/)feed\.json$/.test(f)) };
}

/** How many items each feed should hold: the sibling feed.json of an XML feed tells, since all formats render one model. */
async function expectedItems(dir: string, xmlPath: string): Promise<number | null> {
  const sibling = join(dir, dirname(xmlPath), 'feed.json');
  try {
    const parsed = JSON.parse(await readFile(sibling, 'utf8')) as { items?: unknown[] };
    return Array.isArray(parsed.items) ? parsed.items.length : null;
  } catch {
    return null;
  }
}

async function jsonIds(dir: string, xmlPath: string): Promise<string[] | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, dirname(xmlPath), 'feed.json'), 'utf8')) as { items?: { id?: unknown }[] };
    return Array.isArray(parsed.items) ? parsed.items.map((i) => String(i.id)) : null;
  } catch {
    return null;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function compareWithJson(dir: string, reading: FeedReading, problems: string[], reader: string): Promise<void> {
  const expected = await expectedItems(dir, reading.path);
  if (expected !== null && expected !== reading.items) problems.push(`${reading.path}: ${reader} saw ${reading.items} items, feed.json has ${expected}`);
  const ids = await jsonIds(dir, reading.path);
  if (ids && reading.ids.length === reading.items && !sameList([...ids].sort(), [...reading.ids].sort())) {
    problems.push(`${reading.path}: ${reader} item ids differ from feed.json`);
  }
}

/** rss-parser (the parser the pipeline itself uses) reads every XML feed, with the item count of its feed.json. */
export async function checkWithRssParser(dir: string): Promise<ReaderReport> {
  const parser = new Parser();
  const { xml } = await listFeeds(dir);
  const problems: string[] = [];
  const feeds: FeedReading[] = [];
  for (const path of xml) {
    try {
      const feed = await parser.parseString(await readFile(join(dir, path), 'utf8'));
      if (!feed.title) problems.push(`${path}: rss-parser found no feed title`);
      const ids = feed.items.map((item) => String(item.guid ?? item.id ?? ''));
      const missing = feed.items.filter((item) => !item.title || !(item.guid ?? item.id)).length;
      if (missing > 0) problems.push(`${path}: ${missing} item(s) without title or id`);
      const reading = { path, items: feed.items.length, ids };
      await compareWithJson(dir, reading, problems, 'rss-parser');
      feeds.push(reading);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
    }
  }
  if (xml.length === 0) problems.push(`no XML feeds under the directory`);
  if (problems.length > 0) throw new FeedReaderError('rss-parser', problems);
  return { reader: 'rss-parser', feeds };
}

const FEEDPARSER_SCRIPT = `
import json, sys, feedparser
base = sys.argv[1]
for path in sys.argv[2:]:
    d = feedparser.parse(base + path)
    exc = d.get('bozo_exception')
    print(json.dumps({'path': path, 'bozo': int(bool(d.bozo)), 'exception': repr(exc) if exc else None,
        'version': d.get('version', ''), 'status': d.get('status'), 'ids': [e.get('id', '') for e in d.entries],
        'titles': [e.get('title', '') for e in d.entries],
        'sources': [(e.get('source') or {}).get('href') for e in d.entries]}))
`;

async function findFeedparserPython(): Promise<string> {
  const found = await feedparserPython();
  if (!found.ok) throw new ReaderMissingError("Python's feedparser", 'the Debian package python3-feedparser', found.reason);
  return found.python;
}

/** Python's feedparser reads every XML feed over HTTP (as a reader would) with bozo 0 and the right item count. */
export async function checkWithFeedparser(dir: string): Promise<ReaderReport> {
  const python = await findFeedparserPython();
  const { xml } = await listFeeds(dir);
  const served = await serveDirectory(dir);
  const problems: string[] = [];
  const feeds: FeedReading[] = [];
  try {
    const { stdout } = await run(python, ['-c', FEEDPARSER_SCRIPT, served.url, ...xml], { maxBuffer: 64 * 1024 * 1024 });
    const lines = stdout.trim().split('\n').filter(Boolean);
    for (const line of lines) {
      const r = JSON.parse(line) as { path: string; bozo: number; exception: string | null; version: string; status: number; ids: string[]; sources: (string | null)[] };
      if (r.status !== 200) problems.push(`${r.path}: HTTP ${r.status}`);
      if (r.bozo !== 0) problems.push(`${r.path}: bozo ${r.bozo}: ${r.exception}`);
      if (!/^(rss20|atom10)$/.test(r.version)) problems.push(`${r.path}: recognised as "${r.version}", expected rss20 or atom10`);
      const reading = { path: r.path, items: r.ids.length, ids: r.ids, sources: r.sources };
      await compareWithJson(dir, reading, problems, 'feedparser');
      feeds.push(reading);
    }
    if (lines.length !== xml.length) problems.push(`feedparser reported ${lines.length} of ${xml.length} feeds`);
  } finally {
    await served.close();
  }
  if (problems.length > 0) throw new FeedReaderError('feedparser', problems);
  return { reader: 'feedparser', feeds };
}

async function requireNewsboat(): Promise<void> {
  const found = await newsboatVersion();
  if (!found.ok) throw new ReaderMissingError('newsboat', 'the Debian package newsboat', found.reason);
}

function runQuiet(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    // stdin closed and no TTY: newsboat's -x commands must not need a terminal.
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * newsboat reloads each XML feed from a local URL without a terminal and counts every item
 * as unread. One cache per feed: newsboat keys items by guid across feeds, so a story in
 * the main feed and a regional feed would otherwise be counted once.
 */
export async function checkWithNewsboat(dir: string, options: { concurrency?: number } = {}): Promise<ReaderReport> {
  await requireNewsboat();
  const { xml } = await listFeeds(dir);
  const served = await serveDirectory(dir);
  const work = await mkdtemp(join(tmpdir(), 'rujp-newsboat-'));
  const problems: string[] = [];
  const feeds: FeedReading[] = [];
  try {
    const queue = xml.map((path, index) => ({ path, index }));
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const home = join(work, String(job.index));
        await mkdir(home, { recursive: true });
        const errorLog = join(home, 'error.log');
        await writeFile(join(home, 'urls'), `${served.url}${job.path}\n`);
        await writeFile(join(home, 'config'), `error-log "${errorLog}"\nreload-threads 1\n`);
        const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, TERM: 'dumb' };
        const result = await runQuiet('newsboat', ['-u', join(home, 'urls'), '-c', join(home, 'cache.db'), '-C', join(home, 'config'), '-x', 'reload', '-x', 'print-unread'], env, 60_000);
        const errors = (await readFile(errorLog, 'utf8').catch(() => '')).trim();
        const unread = /(\d+) unread articles?/.exec(result.stdout);
        if (result.code !== 0) problems.push(`${job.path}: newsboat exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
        if (errors) problems.push(`${job.path}: newsboat error log: ${errors}`);
        if (!unread) {
          problems.push(`${job.path}: newsboat printed no unread count: ${result.stdout.trim() || result.stderr.trim()}`);
          continue;
        }
        const reading = { path: job.path, items: Number(unread[1]), ids: [] };
        await compareWithJson(dir, reading, problems, 'newsboat');
        feeds.push(reading);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  } finally {
    await served.close();
    await rm(work, { recursive: true, force: true });
  }
  feeds.sort((a, b) => (a.path < b.path ? -1 : 1));
  if (problems.length > 0) throw new FeedReaderError('newsboat', problems);
  return { reader: 'newsboat', feeds };
}

const rfc3339 = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s), 'not an RFC 3339 date');
const author = z.object({ name: z.string().optional(), url: z.string().url().optional(), avatar: z.string().url().optional() }).refine((a) => a.name || a.url || a.avatar, 'an author needs name, url or avatar');

/** JSON Feed 1.1 as its spec defines the top level and items (required fields and the types of the common optional ones). */
export const jsonFeed11Schema = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.string().url().optional(),
  feed_url: z.string().url().optional(),
  description: z.string().optional(),
  language: z.string().optional(),
  authors: z.array(author).optional(),
  expired: z.boolean().optional(),
  items: z.array(
    z
      .object({
        id: z.string().min(1),
        url: z.string().url().optional(),
        external_url: z.string().url().optional(),
        title: z.string().optional(),
        content_html: z.string().optional(),
        content_text: z.string().optional(),
        summary: z.string().optional(),
        image: z.string().url().optional(),
        date_published: rfc3339.optional(),
        date_modified: rfc3339.optional(),
        authors: z.array(author).optional(),
        tags: z.array(z.string()).optional(),
        language: z.string().optional(),
      })
      .refine((item) => item.content_html !== undefined || item.content_text !== undefined, 'an item needs content_html or content_text'),
  ),
});

/** Every feed.json passes the JSON Feed 1.1 schema, with unique item ids. */
export async function checkJsonFeeds(dir: string): Promise<ReaderReport> {
  const { json } = await listFeeds(dir);
  const problems: string[] = [];
  const feeds: FeedReading[] = [];
  for (const path of json) {
    try {
      const result = jsonFeed11Schema.safeParse(JSON.parse(await readFile(join(dir, path), 'utf8')));
      if (!result.success) {
        for (const issue of result.error.issues) problems.push(`${path}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
        continue;
      }
      const ids = result.data.items.map((i) => i.id);
      if (new Set(ids).size !== ids.length) problems.push(`${path}: duplicate item ids`);
      feeds.push({ path, items: ids.length, ids });
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
    }
  }
  if (json.length === 0) problems.push('no feed.json under the directory');
  if (problems.length > 0) throw new FeedReaderError('JSON Feed 1.1 schema', problems);
  return { reader: 'json-feed-schema', feeds };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PageReport {
  /** Items listed when no filter is set. */
  items: number;
  /** The region the check filtered by, and how many items stayed visible. */
  region: { id: string; visible: number };
  screenshot: string;
  /** Console errors, page errors and network attempts: empty when the check passes. */
  problems: string[];
}

/**
 * Opens index.html from file:// in headless Chromium on a phone-sized screen, with every
 * non-file request blocked: items must render, a region filter must narrow them to items of
 * that region, nothing may scroll sideways, and no console error may appear. Saves a screenshot.
 */
/**
 * `url`: load the page from a server (with the headers it sends, a CSP among them) instead of
 * from `dir` as a file; requests to that server's origin are then the page's own.
 */
export async function checkPageInChromium(dir: string, options: { screenshot: string; url?: string }): Promise<PageReport> {
  const { chromium } = await import('playwright-core');
  const install = chromiumInstall();
  const browser = await chromium
    .launch({ executablePath: install.executablePath, args: CHROMIUM_ARGS, headless: true, env: { ...process.env, ...install.env } })
    .catch((error: Error) => {
      throw new ReaderMissingError(install.origin, install.bundled ? 'unpacked from the npm package' : "Debian's package chromium", error.message.split('\n')[0] ?? 'cannot start');
    });
  const problems: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || (options.url && url.startsWith(new URL(options.url).origin))) return route.continue();
      problems.push(`network request attempted: ${url}`);
      return route.abort();
    });
    await page.goto(options.url ?? pathToFileURL(resolve(dir, 'index.html')).href, { waitUntil: 'load' });
    const visible = () => page.locator('#items > li:visible').count();
    const items = await visible();
    if (items === 0) problems.push('no items rendered');
    const total = await page.locator('#items > li').count();
    if (items !== total) problems.push(`only ${items} of ${total} items visible before filtering`);

    // The region carried by the fewest items narrows the list the most.
    const regionIds = await page
      .locator('#filter-region option')
      .evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value).filter(Boolean));
    const counts = await Promise.all(regionIds.map(async (id) => ({ id, n: await page.locator(`#items > li[data-region~="${id}"]`).count() })));
    counts.sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1));
    const region = counts[0];
    let regionVisible = 0;
    if (!region) problems.push('the region filter offers no regions');
    else {
      await page.selectOption('#filter-region', region.id);
      regionVisible = await visible();
      const outside = await page.locator(`#items > li:visible:not([data-region~="${region.id}"])`).count();
      if (regionVisible === 0 || regionVisible >= items) problems.push(`filtering by region ${region.id} left ${regionVisible} of ${items} items`);
      if (outside > 0) problems.push(`${outside} item(s) outside region ${region.id} stayed visible`);
      if (regionVisible !== region.n) problems.push(`region ${region.id}: ${regionVisible} visible, ${region.n} carry it`);
      const countText = (await page.locator('#count').textContent()) ?? '';
      if (!countText.includes(String(regionVisible))) problems.push(`the item count says "${countText}" for ${regionVisible} visible items`);
    }
    const sideways = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    if (sideways > 1) problems.push(`the page scrolls sideways by ${sideways}px on a 390px wide screen`);
    await mkdir(dirname(options.screenshot), { recursive: true });
    await page.selectOption('#filter-region', '');
    await page.screenshot({ path: options.screenshot, fullPage: true });
    await context.close();
    if (problems.length > 0) throw new FeedReaderError('Chromium page check', problems);
    return { items, region: { id: region?.id ?? '', visible: regionVisible }, screenshot: options.screenshot, problems };
  } finally {
    await browser.close();
  }
}
