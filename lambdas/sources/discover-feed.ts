/**
 * RSS 0.9x/1.0/2.0 and Atom through rss-parser. Dates are taken raw and read by our own
 * parser, because rss-parser reads zone-less dates in the process's zone and throws on
 * an unreadable Atom date, which would lose the whole feed for one bad entry.
 */
import Parser from 'rss-parser';
import type { SourceEntry } from './registry-schema.js';
import { DiscoveryError, squash, type RawEntry } from './raw-entry.js';
import { feedHtmlToText } from '../text/html-text.js';

type FeedItem = Record<string, unknown> & Parser.Item;

const parser = new Parser<Record<string, never>, FeedItem>({
  customFields: {
    item: ['rujp-published', 'rujp-updated', 'dc:date', 'content:encoded', 'description'] as never,
  },
});

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '_' in v && typeof (v as { _: unknown })._ === 'string') return (v as { _: string })._;
  return undefined;
}

/** rss-parser's internals, reached so discovery can stay synchronous (its xml2js parser calls back in the same tick). */
interface ParserInternals {
  xmlParser: { parseString(xml: string, cb: (err: Error | null, result: unknown) => void): void; reset?(): void };
  buildAtomFeed(x: unknown): Parser.Output<FeedItem>;
  buildRSS2(x: unknown): Parser.Output<FeedItem>;
  buildRSS1(x: unknown): Parser.Output<FeedItem>;
  buildRSS0_9(x: unknown): Parser.Output<FeedItem>;
}

function parseFeedSync(xml: string): Parser.Output<FeedItem> {
  const p = parser as unknown as ParserInternals;
  let error: Error | null = null;
  let result: unknown;
  let called = false;
  p.xmlParser.reset?.();
  p.xmlParser.parseString(xml, (err, res) => {
    if (called) return; // xml2js may report a second error for the same document
    called = true;
    error = err;
    result = res;
  });
  if (!called) throw new Error('the XML parser did not finish');
  if (error) throw error;
  const r = result as Record<string, { $?: { version?: string } } | undefined> | null;
  if (!r) throw new Error('empty document');
  if (r.feed) return p.buildAtomFeed(r);
  if (r['rdf:RDF']) return p.buildRSS1(r);
  const version = r.rss?.$?.version ?? '';
  if (/^0\.9/.test(version)) return p.buildRSS0_9(r);
  if (r.rss) return p.buildRSS2(r);
  throw new Error('not recognised as RSS or Atom');
}

/** Hides Atom entry dates from rss-parser under names it copies verbatim (see module comment). */
function shieldAtomDates(xml: string): string {
  return xml.replace(/<(published|updated)(\s[^>]*)?>([\s\S]*?)<\/\1>/g, '<rujp-$1$2>$3</rujp-$1>');
}

/** `&` that starts no entity or character reference becomes `&amp;`. */
export function escapeBareAmpersands(xml: string): string {
  return xml.replace(/&(?!(?:[A-Za-z][\w.-]*|#\d+|#x[\da-fA-F]+);)/g, '&amp;');
}

/** The first element of the document, to tell "not a feed" from "a broken feed". */
function rootName(xml: string): string | null {
  const m = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w:.-]*)/.exec(xml);
  return m ? m[1]!.toLowerCase() : null;
}

export function readFeed(source: SourceEntry, body: string): RawEntry[] {
  const xml = body.replace(/^\uFEFF/, '');
  const root = rootName(xml);
  if (!root) throw new DiscoveryError(source.id, 'the response is not XML (no root element), so not an RSS/Atom feed');
  if (root === 'html') throw new DiscoveryError(source.id, 'the response is an HTML page, not an RSS/Atom feed');
  if (!['rss', 'feed', 'rdf:rdf'].includes(root)) {
    throw new DiscoveryError(source.id, `the XML root is <${root}>, not <rss>, <feed> or <rdf:RDF>`);
  }
  const prepared = root === 'feed' ? shieldAtomDates(xml) : xml;
  let feed;
  try {
    feed = parseFeedSync(prepared);
  } catch (err) {
    // Many CMSs print query strings into <link> unescaped ("?a=1&b=2"); every feed reader
    // forgives that, so a second try escapes bare ampersands. Truncation stays an error.
    const repaired = escapeBareAmpersands(prepared);
    try {
      if (repaired === prepared) throw err;
      feed = parseFeedSync(repaired);
    } catch {
      const why = (err as Error).message.split('\n').slice(0, 2).join(' ');
      throw new DiscoveryError(source.id, `the feed is not well-formed XML (truncated or broken): ${why}`);
    }
  }
  return (feed.items ?? []).map((item): RawEntry => {
    const guid = typeof item.guid === 'string' && /^https?:/i.test(item.guid) ? item.guid : undefined;
    const content = text(item['content:encoded']) ?? (root === 'feed' ? item.content : undefined);
    return {
      link: item.link?.trim() || guid,
      title: squash(item.title),
      dateText:
        text(item['rujp-published']) ?? text(item['rujp-updated']) ?? item.pubDate ?? text(item['dc:date']) ?? undefined,
      // Not rss-parser's contentSnippet: it strips tags by pattern and keeps what was inside <script> and <style> as text.
      summary: squash(typeof item.content === 'string' ? feedHtmlToText(item.content) : (item.contentSnippet ?? item.summary)),
      contentHtml: content?.trim() || undefined,
    };
  });
}
