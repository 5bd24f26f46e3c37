/**
 * Text that goes into XML must survive every reader: XML 1.0 forbids most C0 control
 * characters, U+FFFE/U+FFFF and unpaired surrogates outright, and a single one makes a
 * strict parser (feedparser, newsboat's libxml2) reject the whole feed, not just the item.
 */

// Tab, LF and CR are the only C0 characters XML 1.0 allows; lone surrogates cannot be
// encoded in UTF-8 at all, so they are dropped rather than replaced by U+FFFD.
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Removes characters XML 1.0 cannot carry (and the C1 controls it discourages).
 * @example cleanText('a\u0001b') // 'ab'
 */
export function cleanText(text: string): string {
  return text.replace(XML_INVALID, '');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for element content and attribute values alike (also HTML), after cleaning it.
 * @example escapeXml('R&D <b>') // 'R&amp;D &lt;b&gt;'
 */
export function escapeXml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * Wraps text in CDATA; a `]]>` inside is split across two sections so it cannot end the first.
 * @example cdata('a]]>b') // '<![CDATA[a]]]]><![CDATA[>b]]>'
 */
export function cdata(text: string): string {
  return `<![CDATA[${cleanText(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** An element with escaped text content and attributes; undefined attributes are left out. */
export function element(
  name: string,
  text: string,
  attributes: Record<string, string | undefined> = {},
): string {
  return `<${name}${attrs(attributes)}>${escapeXml(text)}</${name}>`;
}

/** An empty element with escaped attributes. */
export function emptyElement(name: string, attributes: Record<string, string | undefined>): string {
  return `<${name}${attrs(attributes)}/>`;
}

function attrs(attributes: Record<string, string | undefined>): string {
  return Object.entries(attributes)
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
}
