/** An HTML list page read with the source's selectors (cheerio CSS). */
import * as cheerio from 'cheerio';
import type { SourceEntry } from './registry-schema.js';
import { DiscoveryError, squash, type RawEntry } from './raw-entry.js';

export function readHtmlList(source: SourceEntry, body: string, warnings: string[]): RawEntry[] {
  const sel = source.list;
  if (!sel) throw new DiscoveryError(source.id, 'kind "html-list" needs "list" selectors');
  if (!/<[a-z!]/i.test(body)) throw new DiscoveryError(source.id, 'the response is not HTML');
  const $ = cheerio.load(body);
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
      link: linkEl.attr('href'),
      title: squash(titleEl.text()),
      dateText: dateEl ? (dateEl.attr('datetime') ?? squash(dateEl.text())) : undefined,
      summary: sel.summary ? squash(item.find(sel.summary).first().text()) : undefined,
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
