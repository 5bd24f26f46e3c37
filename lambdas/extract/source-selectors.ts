import { select } from 'cheerio-select';
import { compile } from 'css-select';
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
      const query = compiledQuery(selector);
      if (query) return matchAll(query, this.doc);
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

type Query = (el: Element) => boolean;

// A source's selectors are few and run on every page it publishes: parsing and compiling them
// once saves a quarter of their cost. Bounded, as selectors come from configuration.
const compiled = new Map<string, Query>();
const MAX_COMPILED = 500;
const LEADING_COMBINATOR = /^\s*[>+~]/;

/**
 * A compiled query that does not depend on the document, for the selectors whose meaning cannot:
 * no pseudo-classes (cheerio's positionals among them, and :scope), no leading combinator (which
 * css-select scopes to the context). Others are compiled per call by cheerio-select, as before.
 */
function compiledQuery(selector: string): Query | null {
  const cached = compiled.get(selector);
  if (cached) return cached;
  if (selector.includes(':') || LEADING_COMBINATOR.test(selector)) return null;
  // Without a context: compiled with the document's, it would hold on to the first page.
  const query = compile<AnyNode, Element>(selector, {}) as Query;
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(selector, query);
  return query;
}

/**
 * Every element below the document that the query accepts, in document order: what
 * cheerio-select's find() returns for the document's children, by a walk with a stack of its own
 * (domutils' shifts and unshifts its stacks at the head).
 */
function matchAll(query: Query, doc: Document): Element[] {
  const found: Element[] = [];
  const stack: AnyNode[] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push(doc.children[i]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const type = node.type;
    if (type !== 'tag' && type !== 'script' && type !== 'style') continue;
    const el = node as Element;
    if (query(el)) found.push(el);
    const children = el.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
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
