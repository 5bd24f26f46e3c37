/**
 * Finds the article links a source offers: one adapter per kind reads the raw entries,
 * then every link is absolutised and canonicalised, every date read in the source's
 * zone, and the newest `maxItems` kept. A bad entry becomes a warning, never an error;
 * only a response that cannot be read at all throws a DiscoveryError.
 */
import type { Candidate } from '../core/types.js';
import { BadUrlError, canonicalUrl } from '../http/canonical-url.js';
import { parseNewsDate } from '../text/dates.js';
import { readFeed } from './discover-feed.js';
import { baseHref, readHtmlList } from './discover-html-list.js';
import { readJsonList } from './discover-json.js';
import type { RawEntry } from './raw-entry.js';
import type { SourceEntry } from './registry-schema.js';

export { DiscoveryError } from './raw-entry.js';

export interface Discovery {
  candidates: Candidate[];
  /** One line per entry skipped or date left unread, naming the source. */
  warnings: string[];
}

function readEntries(source: SourceEntry, body: string, warnings: string[]): RawEntry[] {
  switch (source.kind) {
    case 'rss':
    case 'atom':
      // A source registered as RSS that serves Atom (or the reverse) still reads: the root decides.
      return readFeed(source, body);
    case 'html-list':
      return readHtmlList(source, body, warnings);
    case 'json':
      return readJsonList(source, body, warnings);
  }
}

/**
 * @param pageUrl the real URL of the feed or list page (after redirects): relative links resolve against it
 * @param now the fetch time: anchors dates printed without a year, and "today"/"вчера"
 * @example discoverCandidates(source, body, 'https://tass.ru/rss/v2.xml', new Date())
 */
export function discoverCandidates(source: SourceEntry, body: string, pageUrl: string, now: Date): Discovery {
  const warnings: string[] = [];
  const entries = readEntries(source, body, warnings);
  const base = source.kind === 'html-list' ? baseHref(body, pageUrl) : pageUrl;
  const dated: Array<Candidate & { order: number; time: number | null }> = [];
  const seen = new Set<string>();
  const where = (i: number, e: RawEntry) => {
    const name = e.title ?? e.label;
    return `source "${source.id}": entry #${i + 1}${name ? ` (${JSON.stringify(name.slice(0, 60))})` : ''}`;
  };

  entries.forEach((e, i) => {
    if (!e.link?.trim()) {
      warnings.push(`${where(i, e)}: no link, skipped`);
      return;
    }
    let url: string;
    try {
      url = canonicalUrl(e.link, base);
    } catch (err) {
      const why = err instanceof BadUrlError ? err.message : String(err);
      warnings.push(`${where(i, e)}: link ${JSON.stringify(e.link.slice(0, 120))} skipped: ${why}`);
      return;
    }
    // List pages link the same story twice (picture and headline); keep the first.
    if (seen.has(url)) return;
    seen.add(url);

    let date = e.date ?? null;
    if (!date && e.dateText) {
      date = parseNewsDate(e.dateText, { timeZone: source.timeZone, now, lang: source.lang });
      if (!date) warnings.push(`${where(i, e)}: date ${JSON.stringify(e.dateText.slice(0, 60))} unreadable`);
    }
    const c: Candidate & { order: number; time: number | null } = { url, order: i, time: date ? date.getTime() : null };
    if (e.title) c.title = e.title;
    if (date) c.publishedAt = date.toISOString();
    if (e.summary) c.summary = e.summary;
    if (e.contentHtml) c.contentHtml = e.contentHtml;
    dated.push(c);
  });

  // Newest first; undated entries keep their page order after the dated ones.
  dated.sort((a, b) => {
    if (a.time !== null && b.time !== null) return b.time - a.time || a.order - b.order;
    if (a.time !== null) return -1;
    if (b.time !== null) return 1;
    return a.order - b.order;
  });
  const candidates = dated.slice(0, source.maxItems).map(({ order: _o, time: _t, ...c }) => c);
  return { candidates, warnings };
}
