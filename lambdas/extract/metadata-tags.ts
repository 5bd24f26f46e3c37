import type { Document, Element } from 'domhandler';
import { attr, collapseWhitespace, textOf, walkElements } from './dom-utils.js';

/** What <meta>, <link>, <time> and <html lang> say, collected in one pass over the head and body. */
export interface TagMetadata {
  /** <meta> values keyed by lower-cased property/name/itemprop; the first value wins. */
  meta: Map<string, string>;
  canonical?: string;
  htmlLang?: string;
  documentTitle?: string;
  /** datetime attributes of <time> elements and itemprop=datePublished nodes, in page order. */
  times: { datetime: string; text: string; el: Element }[];
  /** Visible text of elements marked as the author (rel=author, itemprop=author, class author/byline). */
  authorTexts: string[];
  h1s: Element[];
}

export function readTagMetadata(doc: Document): TagMetadata {
  const out: TagMetadata = { meta: new Map(), times: [], authorTexts: [], h1s: [] };
  walkElements(doc, (el) => {
    const name = el.name;
    if (name === 'meta') {
      const key = (attr(el, 'property') ?? attr(el, 'name') ?? attr(el, 'itemprop') ?? attr(el, 'http-equiv'))?.toLowerCase();
      const content = attr(el, 'content') ?? attr(el, 'datetime');
      if (key && content?.trim() && !out.meta.has(key)) out.meta.set(key, content.trim());
      return false;
    }
    if (name === 'html') {
      out.htmlLang = attr(el, 'lang') ?? attr(el, 'xml:lang');
    } else if (name === 'link') {
      if ((attr(el, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical') && !out.canonical) out.canonical = attr(el, 'href');
      return false;
    } else if (name === 'title') {
      if (out.documentTitle === undefined) out.documentTitle = collapseWhitespace(textOf(el));
      return false;
    } else if (name === 'script' || name === 'style' || name === 'svg') {
      return false;
    } else if (name === 'time' || attr(el, 'itemprop') === 'datePublished') {
      const datetime = attr(el, 'datetime') ?? attr(el, 'content') ?? '';
      out.times.push({ datetime, text: collapseWhitespace(textOf(el)), el });
    } else if (name === 'h1') {
      out.h1s.push(el);
    }
    if (isAuthorMarker(el)) {
      const text = collapseWhitespace(textOf(el));
      if (text && text.length < 120) out.authorTexts.push(text);
    }
    return true;
  });
  return out;
}

function isAuthorMarker(el: Element): boolean {
  if (attr(el, 'rel') === 'author' || attr(el, 'itemprop') === 'author') return true;
  const cls = attr(el, 'class');
  return !!cls && /(?:^|[\s_-])(?:author|byline)(?:$|[\s_-]|name)/i.test(cls) && !/avatar|bio|photo|image/i.test(cls);
}
