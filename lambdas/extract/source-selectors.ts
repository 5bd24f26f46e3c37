import { select } from 'cheerio-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { removeNode } from './dom-utils.js';
import { ExtractError } from './extract-error.js';

/**
 * A source's own CSS selectors, run by cheerio's selector engine exactly as `$(selector)` runs
 * them, without building a cheerio instance: load() defines a new class for every document, so
 * each page sent cheerio's methods through fresh hidden classes, and each call wrapped its
 * results in objects the extractor only unwrapped again. That cost more than the matching itself.
 */
export class SourceSelectors {
  constructor(
    private readonly doc: Document,
    private readonly url: string | undefined,
  ) {}

  /** Every element the selector matches, in document order. */
  all(selector: string, field: string): Element[] {
    try {
      // What cheerio's root find() passes: the document's children, scoped to the document.
      return select(selector, this.doc.children, { context: [this.doc], root: this.doc });
    } catch (error) {
      const where = this.url ? ` for ${this.url}` : '';
      throw new ExtractError(`selectors.${field} "${selector}"${where} is not a valid CSS selector: ${(error as Error).message}`, 'bad-selector');
    }
  }

  first(selector: string, field: string): Element | undefined {
    return this.all(selector, field)[0];
  }

  remove(selector: string): void {
    for (const el of this.all(selector, 'remove')) removeNode(el);
  }
}

/** An attribute as cheerio's attr() reads it for the names the extractor asks for. */
export function attributeOf(el: Element, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(el.attribs, name) ? el.attribs[name] : undefined;
}

/** All text below a node, comments excepted, as cheerio's text() gives it (script text included). */
export function textContent(node: AnyNode): string {
  let out = '';
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text') out += n.data;
    else if (n.type !== 'comment' && 'children' in n) {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return out;
}
