import { Parser } from 'htmlparser2';
import { BLOCK_TAGS } from './block-tags.js';

/**
 * Elements whose content is never reading text: code, styles, embedded documents and
 * form furniture. A source's content:encoded may carry any of them (embedded posts bring
 * their <script>, some CMSs inline <style>), and their bodies must not become item text.
 */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'button', 'head', 'title']);

/**
 * The plain text of the HTML a feed carries for an item (content:encoded, Atom content),
 * paragraphs separated by one blank line, as the extractor gives a page's text. Parsed with
 * htmlparser2, so entities are decoded, comments and attributes (however odd: `onerror="a>b"`)
 * vanish whole, and nothing inside SKIPPED elements is kept. The result is text: whatever
 * markup it spells out is escaped when the feeds are rendered.
 *
 * @example feedHtmlToText('<p>One &amp; two</p><script>x()</script><p>Three</p>') // 'One & two\n\nThree'
 */
export function feedHtmlToText(html: string): string {
  const parts: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipping += 1;
        else if (name === 'br' || BLOCK_TAGS.has(name)) parts.push('\n\n');
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK_TAGS.has(name)) parts.push('\n\n');
      },
      ontext(text) {
        if (skipping === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return parts
    .join('')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}
