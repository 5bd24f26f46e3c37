import type { AnyNode, Element, ParentNode } from 'domhandler';
import { DROP_TAGS } from './noise-rules.js';

/**
 * A page flattened into blocks: each run of text between two block boundaries, with the
 * element that owns it. Scoring and serialisation both read this one list, so the page is
 * walked once.
 */
export interface Block {
  text: string;
  /** Letters and digits only: whitespace and punctuation do not make text longer. */
  chars: number;
  /** Of those, how many sit inside links. */
  linkChars: number;
  owner: Owner;
  /** Tag of the owner, lower-case. */
  tag: string;
  /** Inside <li>, <td> or a heading, whose short text is still content. */
  inList: boolean;
  inHeading: boolean;
  inQuote: boolean;
  inFigure: boolean;
}

export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'caption',
  'html', 'legend', 'hgroup', 'picture',
]);

/** An element, or the document itself when a fragment has no <body>. */
export type Owner = Element | ParentNode;

// Broken pages can nest thousands of unclosed tags; text deeper than this is never an article.
const MAX_DEPTH = 1000;

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function collectBlocks(root: Owner): Block[] {
  const blocks: Block[] = [];
  let buffer = '';
  let chars = 0;
  let linkChars = 0;
  let linkDepth = 0;
  let listDepth = 0;
  let headingDepth = 0;
  let quoteDepth = 0;
  let figureDepth = 0;

  const flush = (owner: Owner) => {
    if (chars > 0) {
      blocks.push({
        text: buffer,
        chars,
        linkChars,
        owner,
        tag: 'name' in owner ? (owner as Element).name.toLowerCase() : 'body',
        inList: listDepth > 0,
        inHeading: headingDepth > 0,
        inQuote: quoteDepth > 0,
        inFigure: figureDepth > 0,
      });
    }
    buffer = '';
    chars = 0;
    linkChars = 0;
  };

  const visit = (node: AnyNode, owner: Owner, depth: number) => {
    if (node.type === 'text') {
      const data = node.data;
      buffer += data;
      let n = 0;
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i);
        // ASCII fast path; other scripts go through the Unicode test.
        if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) n++;
        else if (c > 127 && c !== 0xa0 && WORD_CHAR.test(data[i]!)) n++;
      }
      chars += n;
      if (linkDepth > 0) linkChars += n;
      return;
    }
    if (node.type !== 'tag' || depth > MAX_DEPTH) return;
    const el = node as Element;
    const tag = el.name.toLowerCase();
    if (DROP_TAGS.has(tag)) return;
    if (tag === 'br') {
      buffer += '\n';
      return;
    }
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) flush(owner);
    const inner: Owner = isBlock ? el : owner;
    const isLink = tag === 'a';
    const isList = tag === 'li' || tag === 'td' || tag === 'th' || tag === 'dd' || tag === 'dt';
    const isHeading = HEADINGS.has(tag);
    const isQuote = tag === 'blockquote';
    const isFigure = tag === 'figure' || tag === 'figcaption';
    if (isLink) linkDepth++;
    if (isList) listDepth++;
    if (isHeading) headingDepth++;
    if (isQuote) quoteDepth++;
    if (isFigure) figureDepth++;
    for (const child of el.children) visit(child, inner, depth + 1);
    if (isBlock) flush(el);
    if (isLink) linkDepth--;
    if (isList) listDepth--;
    if (isHeading) headingDepth--;
    if (isQuote) quoteDepth--;
    if (isFigure) figureDepth--;
  };

  for (const child of root.children) visit(child, root, 0);
  flush(root);
  return blocks;
}
