import sanitizeHtml from 'sanitize-html';
import type { AlsoIn } from '../core/types.js';
import { cleanText, escapeXml } from './xml-text.js';

/**
 * What item HTML may contain once it reaches a reader. Item text is plain text today, so
 * escaping alone makes it inert; the sanitizer is the second wall, for links whose scheme
 * is hostile and for whatever richer content a future source adapter hands in.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'blockquote', 'h2', 'h3', 'h4', 'img', 'figure', 'figcaption', 'small'],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
  },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Script and style bodies would otherwise survive as visible text.
  nonTextTags: ['script', 'style', 'textarea', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    // Relative URLs pass sanitize-html's scheme check, but in a feed they resolve against the
    // feed's own host (or nothing): a link keeps its text without them, an image goes.
    a: (tagName, attribs) => ({ tagName, attribs: { ...keepIf(attribs, 'href', isWebUrl), rel: 'noopener noreferrer nofollow' } }),
    img: (tagName, attribs) => ({ tagName, attribs: keepIf(attribs, 'src', isHttpsUrl) }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Cleans HTML to the reader-safe subset: no script, event handlers, frames, styles, relative or non-http(s) links, images not on https. */
export function sanitizeItemHtml(html: string): string {
  return sanitizeHtml(cleanText(html), POLICY);
}

/** The attributes with `name` left out unless its value passes `ok`, in their order. */
function keepIf(attribs: sanitizeHtml.Attributes, name: string, ok: (value: string) => boolean): sanitizeHtml.Attributes {
  return Object.fromEntries(Object.entries(attribs).filter(([key, value]) => key !== name || ok(value)));
}

function isHttpsUrl(url: string): boolean {
  return isWebUrl(url) && new URL(url).protocol === 'https:';
}

/** True for absolute http(s) URLs, the only links the feeds hand to readers. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Plain text with blank-line paragraphs as escaped <p> elements; single newlines become <br>. */
export function paragraphsHtml(text: string): string {
  return cleanText(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${p.split('\n').map(escapeXml).join('<br>')}</p>`)
    .join('\n');
}

/** The "also in" list: every other source of the story, linked when its URL is a web URL. */
export function alsoInHtml(alsoIn: readonly AlsoIn[]): string {
  if (alsoIn.length === 0) return '';
  const items = alsoIn.map((other) => {
    const name = escapeXml(other.sourceName);
    const title = escapeXml(other.title);
    const link = isWebUrl(other.url) ? `<a href="${escapeXml(other.url)}">${title}</a>` : title;
    return `<li>${name}: ${link}</li>`;
  });
  return `<p><strong>Also in:</strong></p>\n<ul>\n${items.join('\n')}\n</ul>`;
}

/** The sanitized HTML body of an entry: its paragraphs, then its other sources. */
export function entryHtml(text: string, alsoIn: readonly AlsoIn[]): string {
  return sanitizeItemHtml([paragraphsHtml(text), alsoInHtml(alsoIn)].filter(Boolean).join('\n'));
}
