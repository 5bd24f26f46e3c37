import * as domhandler from 'domhandler';
import type { ChildNode, Document, Element, ParentNode, Text } from 'domhandler';
import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import { FOREIGN_TAGS, HTML_INTEGRATION_TAGS, OPEN_IMPLIES_CLOSE, VOID_TAGS } from './html-tree-rules.js';
import { tokenize, type TokenHandler } from './html-tokenizer.js';

/**
 * The tree parseDocument(html, { decodeEntities: true }) builds, built from the tokens of
 * html-tokenizer.ts. Three costs of the original go: its Tokenizer steps through every character
 * (and decodes entities one character at a time), while decoding after the fact touches only
 * the strings that hold an '&'; its Parser + DomHandler pair keeps two stacks (one shifted and
 * unshifted at its head) and routes every token through optional callbacks. The tree rules are
 * htmlparser2's own (html-tree-rules.ts).
 */
export function buildDocument(html: string): Document {
  return buildPage(html)!.doc;
}

/** A tree with its elements listed as they were made: in document order, each before its descendants. */
export interface BuiltPage {
  doc: Document;
  elements: readonly Element[];
  /** For each element, the index in elements of its last descendant (its own when it has none). */
  lastDescendant: readonly number[];
}

/**
 * With `skip` ranges ([start, end, ...]), the tree of html with each range replaced by a space,
 * or null when a range starts where the tokenizer is not reading text (see tokenize).
 */
export function buildPage(html: string, skip: readonly number[] = []): BuiltPage | null {
  const builder = new TreeBuilder(html);
  if (!tokenize(html, builder, skip)) return null;
  builder.end();
  return { doc: builder.doc, elements: builder.elements, lastDescendant: builder.lastDescendant };
}

interface TagRules {
  closes: ReadonlySet<string> | undefined;
  isVoid: boolean;
  /** True opens foreign content (<svg>, <math>), false opens HTML inside it, null neither. */
  foreign: boolean | null;
}

const NO_RULES: TagRules = { closes: undefined, isVoid: false, foreign: null };

// One lookup per tag instead of five, and a table local to this module: imported bindings are
// property reads through getters once the modules are compiled to CommonJS.
const TAG_RULES = new Map<string, TagRules>();
for (const name of new Set([...OPEN_IMPLIES_CLOSE.keys(), ...VOID_TAGS, ...FOREIGN_TAGS, ...HTML_INTEGRATION_TAGS])) {
  TAG_RULES.set(name, {
    closes: OPEN_IMPLIES_CLOSE.get(name),
    isVoid: VOID_TAGS.has(name),
    foreign: FOREIGN_TAGS.has(name) ? true : HTML_INTEGRATION_TAGS.has(name) ? false : null,
  });
}
const rulesOf = (name: string): TagRules => TAG_RULES.get(name) ?? NO_RULES;

// A page's nodes live while the page is extracted, so most of them survive any minor GC that
// falls in that time. V8 then allocates the objects of a literal ({} or [], including the
// default [] in domhandler's Element constructor) straight in the old generation, where each
// page dies and holds the young objects it points to alive; GC came to cost half the extraction.
// Objects made by a call carry no such feedback, so attribs and children are made by one.
const newAttribs = (): Record<string, string> => Object.create(Object.prototype) as Record<string, string>;
const NO_CHILDREN: readonly ChildNode[] = [];
const newChildren = (): ChildNode[] => NO_CHILDREN.slice();

// Read once: domhandler re-exports its classes through getters, which cost a call per node.
const { Comment, Document: DocumentNode, Element: ElementNode, ProcessingInstruction, Text: TextNode } = domhandler;

// The tag and attribute names most pages are made of, as parsePage leaves them (lower-case). A
// name found here needs no slice and no lower-casing, and as a constant it is hashed once for all
// the set and map lookups that follow (tree rules, block tags, furniture tags).
const COMMON_TAGS = [
  'a', 'abbr', 'article', 'aside', 'b', 'blockquote', 'body', 'br', 'button', 'caption', 'center', 'cite', 'code',
  'dd', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'head', 'header', 'hr', 'html', 'i', 'iframe', 'img', 'input', 'label', 'li', 'link', 'main', 'meta', 'nav',
  'noscript', 'ol', 'option', 'p', 'picture', 'pre', 'script', 'section', 'select', 'small', 'source', 'span',
  'strong', 'style', 'sub', 'sup', 'table', 'tbody', 'td', 'template', 'textarea', 'th', 'thead', 'time', 'title',
  'tr', 'u', 'ul', 'video',
];
const COMMON_ATTRIBUTES = [
  'alt', 'aria-hidden', 'aria-label', 'charset', 'class', 'content', 'data-id', 'data-src', 'datetime', 'height',
  'hidden', 'href', 'id', 'itemprop', 'itemscope', 'itemtype', 'lang', 'loading', 'media', 'name', 'property', 'rel',
  'role', 'sizes', 'src', 'srcset', 'style', 'tabindex', 'target', 'title', 'type', 'value', 'width',
];

/** Finds a known name by its length and first letter, then compares the rest in place. */
class NameTable {
  private readonly byKey = new Map<number, string[]>();

  constructor(names: readonly string[]) {
    for (const name of names) {
      const key = (name.length << 8) | name.charCodeAt(0);
      const list = this.byKey.get(key);
      if (list) list.push(name);
      else this.byKey.set(key, [name]);
    }
  }

  /** The known name written at html[start, end) in lower case, if there is one. */
  find(html: string, start: number, end: number): string | undefined {
    const candidates = this.byKey.get(((end - start) << 8) | html.charCodeAt(start));
    if (!candidates) return undefined;
    for (const name of candidates) if (html.startsWith(name, start)) return name;
    return undefined;
  }
}

const TAG_NAMES = new NameTable(COMMON_TAGS);
const ATTRIBUTE_NAMES = new NameTable(COMMON_ATTRIBUTES);

function nameAt(table: NameTable, html: string, start: number, end: number): string {
  return table.find(html, start, end) ?? html.slice(start, end).toLowerCase();
}

const decodeText = (raw: string) => (raw.includes('&') ? decodeHTML(raw) : raw);
const decodeAttribute = (raw: string) => (raw.includes('&') ? decodeHTMLAttribute(raw) : raw);

class TreeBuilder implements TokenHandler {
  readonly doc: Document = new DocumentNode([]);
  readonly elements: Element[] = [];
  readonly lastDescendant: number[] = [];
  /** Open elements, innermost last; the document is the first entry and never leaves. */
  private readonly open: ParentNode[] = [this.doc];
  /** Index in elements of each open element (-1 for the document). */
  private readonly openIndex: number[] = [-1];
  /** Whether self-closing slashes count, innermost context last (true inside <svg> and <math>). */
  private readonly foreign: boolean[] = [false];
  /** The last child added, when it is text that the next text token extends. */
  private last: Text | null = null;
  private tagName = '';
  private tagRules = NO_RULES;
  private attribs: Record<string, string> = {};
  /** Names the open tag's attributes took so far: a tag has few, so a scan beats a keyed read. */
  private readonly attribNames: string[] = [];

  constructor(private readonly html: string) {}

  ontext(start: number, end: number): void {
    this.addText(decodeText(this.html.slice(start, end)));
  }

  onrawtext(start: number, end: number): void {
    this.addText(this.html.slice(start, end));
  }

  onskipped(): void {
    this.addText(' ');
  }

  onopentagname(start: number, end: number): void {
    this.openTag(nameAt(TAG_NAMES, this.html, start, end));
  }

  onattribute(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const name = nameAt(ATTRIBUTE_NAMES, this.html, nameStart, nameEnd);
    // The first of two same-named attributes wins.
    const names = this.attribNames;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return;
    names.push(name);
    this.attribs[name] = valueStart < 0 ? '' : decodeAttribute(this.html.slice(valueStart, valueEnd));
  }

  onopentagend(): void {
    this.endOpenTag();
  }

  onselfclosingtag(): void {
    const name = this.tagName;
    this.endOpenTag();
    // Outside <svg> and <math> the slash means nothing and the element stays open.
    if (this.foreign[this.foreign.length - 1] && this.top()?.name === name) this.pop();
  }

  onclosetag(start: number, end: number): void {
    const name = nameAt(TAG_NAMES, this.html, start, end);
    const rules = rulesOf(name);
    if (rules.foreign !== null) this.foreign.pop();
    if (rules.isVoid) {
      // </br> is read as <br>; any other void closing tag is ignored.
      if (name === 'br') this.register(this.append(new ElementNode('br', newAttribs(), newChildren())));
      return;
    }
    const open = this.open;
    for (let i = open.length - 1; i > 0; i--) {
      if ((open[i] as Element).name === name) {
        while (open.length > i) this.pop();
        return;
      }
    }
    // A </p> without an open <p> stands for an empty paragraph.
    if (name === 'p') {
      this.openTag('p');
      this.endOpenTag();
      this.pop();
    }
  }

  oncomment(start: number, end: number): void {
    this.comment(this.html.slice(start, end));
  }

  oncdata(start: number, end: number): void {
    // HTML has no CDATA sections outside foreign content; htmlparser2 keeps them as comments.
    this.comment(`[CDATA[${this.html.slice(start, end)}]]`);
  }

  ondeclaration(start: number, end: number): void {
    this.instruction('!', this.html.slice(start, end));
  }

  onprocessinginstruction(start: number, end: number): void {
    this.instruction('?', this.html.slice(start, end));
  }

  end(): void {
    while (this.open.length > 1) this.pop();
  }

  private addText(data: string): void {
    if (this.last) this.last.data += data;
    else this.last = this.append(new TextNode(data));
  }

  private openTag(name: string): void {
    const rules = rulesOf(name);
    this.tagName = name;
    this.tagRules = rules;
    const closes = rules.closes;
    if (closes) {
      for (let top = this.top(); top && closes.has(top.name); top = this.top()) this.pop();
    }
    if (rules.foreign !== null) this.foreign.push(rules.foreign);
    this.attribs = newAttribs();
    this.attribNames.length = 0;
  }

  /** The element exists once its attributes are read, as DomHandler creates it on onopentag. */
  private endOpenTag(): void {
    const element: Element = new ElementNode(this.tagName, this.attribs, newChildren());
    const index = this.register(this.append(element));
    if (!this.tagRules.isVoid) {
      this.open.push(element);
      this.openIndex.push(index);
    }
    this.tagName = '';
    this.tagRules = NO_RULES;
  }

  private append<T extends ChildNode>(node: T): T {
    const parent = this.open[this.open.length - 1]!;
    const siblings = parent.children;
    const previous = siblings[siblings.length - 1];
    if (previous) {
      node.prev = previous;
      previous.next = node;
    }
    siblings.push(node);
    node.parent = parent;
    this.last = null;
    return node;
  }

  private register(element: Element): number {
    const index = this.elements.push(element) - 1;
    this.lastDescendant.push(index);
    return index;
  }

  private top(): Element | null {
    return this.open.length > 1 ? (this.open[this.open.length - 1] as Element) : null;
  }

  private pop(): void {
    this.open.pop();
    this.lastDescendant[this.openIndex.pop()!] = this.elements.length - 1;
    this.last = null;
  }

  /** DomHandler ends a comment at its close, so comments never merge as text does. */
  private comment(data: string): void {
    this.append(new Comment(data));
  }

  private instruction(prefix: '!' | '?', value: string): void {
    const end = value.search(/\s|\//);
    const name = (end < 0 ? value : value.slice(0, end)).toLowerCase();
    this.append(new ProcessingInstruction(`${prefix}${name}`, `${prefix}${value}`));
  }
}
