/** An HTML list page read with the source's selectors (cheerio CSS). */
// The slim build parses with htmlparser2 only: the full entry drags in parse5, undici and two more
// copies of iconv-lite (about 1.7 MB of the fetch-source bundle) for features this never calls.
import { load } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import type { SourceEntry } from './registry-schema.js';
import { DiscoveryError, squash, type RawEntry } from './raw-entry.js';

const BLOCK = /^(address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|footer|h[1-6]|header|hr|li|main|nav|ol|p|section|table|td|th|tr|ul)$/i;

/** Text of a node with a space where block elements meet, as a browser would lay it out. */
function layoutText(nodes: AnyNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.data;
    else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
      if (n.type !== 'tag') continue;
      const block = BLOCK.test(n.name);
      if (block) out += ' ';
      out += layoutText(n.children);
      if (block) out += ' ';
    }
  }
  return out;
}

export function readHtmlList(source: SourceEntry, body: string, warnings: string[]): RawEntry[] {
  const sel = source.list;
  if (!sel) throw new DiscoveryError(source.id, 'kind "html-list" needs "list" selectors');
  if (!/<[a-z!]/i.test(body)) throw new DiscoveryError(source.id, 'the response is not HTML');
  const $ = load(body);
  const items = $(sel.item);
  if (!items.length) {
    warnings.push(`source "${source.id}": list.item selector ${JSON.stringify(sel.item)} matched nothing (has the layout changed?)`);
    return [];
  }
  const out: RawEntry[] = [];
  items.each((_, el) => {
    const item = $(el);
    const linkEl = sel.link ? item.find(sel.link).first() : item.is('a[href]') ? item : item.find('a[href]').first();
    const titleEl = sel.title ? item.find(sel.title).first() : linkEl;
    const dateEl = sel.date ? item.find(sel.date).first() : null;
    out.push({
      label: squash(layoutText(item.toArray()))?.slice(0, 60),
      link: linkEl.attr('href'),
      title: squash(layoutText(titleEl.toArray())),
      // A machine-readable datetime (on the element or a <time> inside it) beats the printed text.
      dateText: dateEl
        ? (dateEl.attr('datetime') ?? dateEl.find('[datetime]').first().attr('datetime') ?? squash(layoutText(dateEl.toArray())))
        : undefined,
      summary: sel.summary ? squash(layoutText(item.find(sel.summary).first().toArray())) : undefined,
    });
  });
  return out;
}

/** The page's <base href>, which relative links resolve against when present. */
export function baseHref(body: string, pageUrl: string): string {
  const m = /<base\s[^>]*href\s*=\s*["']([^"']+)["']/i.exec(body);
  if (!m) return pageUrl;
  try {
    return new URL(m[1]!, pageUrl).toString();
  } catch {
    return pageUrl;
  }
}
