import type { Element } from 'domhandler';
import type { BuiltPage } from './build-document.js';
import { collapseWhitespace, textOf } from './dom-utils.js';

/**
 * What <meta>, <link>, <time> and <html lang> say, and where the JSON-LD scripts and the <body>
 * are: everything the metadata and the block walk look up, collected in one pass over the tree.
 */
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
  /** <script type="application/ld+json"> elements, in page order, wherever they are. */
  jsonLdScripts: Element[];
  /** The first <body>, wherever it is. */
  body: Element | null;
}

const AUTHOR_CLASS = /(?:^|[\s_-])(?:author|byline)(?:$|[\s_-]|name)/i;
const NOT_AUTHOR_CLASS = /avatar|bio|photo|image/i;
const SPACES = /\s+/;

export function readTagMetadata(page: BuiltPage): TagMetadata {
  const out: TagMetadata = { meta: new Map(), times: [], authorTexts: [], h1s: [], jsonLdScripts: [], body: null };
  // The builder's element list is the page in document order, so this is a loop, not a walk.
  // Below <meta>, <link>, <title>, <script>, <style> and <svg> the tag metadata looks no further,
  // while the JSON-LD and <body> search goes everywhere.
  const { elements, lastDescendant } = page;
  let skipThrough = -1;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    const name = el.name;
    if (name === 'script') {
      const scriptType = el.attribs['type'];
      if (scriptType && scriptType.toLowerCase().includes('ld+json')) out.jsonLdScripts.push(el);
    } else if (name === 'body' && !out.body) {
      out.body = el;
    }
    if (i > skipThrough && !readElement(el, name, out)) skipThrough = lastDescendant[i]!;
  }
  return out;
}

/** What one element says; false when the tag metadata does not look below it. */
function readElement(el: Element, name: string, out: TagMetadata): boolean {
  const attribs = el.attribs;
  if (name === 'meta') {
    const key = (attribs['property'] ?? attribs['name'] ?? attribs['itemprop'] ?? attribs['http-equiv'])?.toLowerCase();
    const content = attribs['content'] ?? attribs['datetime'];
    if (key && content?.trim() && !out.meta.has(key)) out.meta.set(key, content.trim());
    return false;
  }
  const itemprop = attribs['itemprop'];
  if (name === 'html') {
    out.htmlLang = attribs['lang'] ?? attribs['xml:lang'];
  } else if (name === 'link') {
    if ((attribs['rel'] ?? '').toLowerCase().split(SPACES).includes('canonical') && !out.canonical) out.canonical = attribs['href'];
    return false;
  } else if (name === 'title') {
    if (out.documentTitle === undefined) out.documentTitle = collapseWhitespace(textOf(el));
    return false;
  } else if (name === 'script' || name === 'style' || name === 'svg') {
    return false;
  } else if (name === 'time' || itemprop === 'datePublished') {
    const datetime = attribs['datetime'] ?? attribs['content'] ?? '';
    out.times.push({ datetime, text: collapseWhitespace(textOf(el)), el });
  } else if (name === 'h1') {
    out.h1s.push(el);
  }
  if (attribs['rel'] === 'author' || itemprop === 'author' || isAuthorClass(attribs['class'])) {
    const text = collapseWhitespace(textOf(el));
    if (text && text.length < 120) out.authorTexts.push(text);
  }
  return true;
}

function isAuthorClass(cls: string | undefined): boolean {
  return !!cls && AUTHOR_CLASS.test(cls) && !NOT_AUTHOR_CLASS.test(cls);
}
