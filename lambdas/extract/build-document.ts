import * as domhandler from 'domhandler';
import type { ChildNode, Document, Element, ParentNode, Text } from 'domhandler';
import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { FOREIGN_TAGS, HTML_INTEGRATION_TAGS, OPEN_IMPLIES_CLOSE, RAW_TEXT_TAGS, VOID_TAGS } from './html-tree-rules.js';

/**
 * The tree parseDocument(html, { decodeEntities: true }) builds, built straight from htmlparser2's
 * Tokenizer. Two costs go: the Tokenizer decodes entities one character at a time, which halves
 * its speed, while decoding after the fact touches only the strings that hold an '&'; and the
 * Parser + DomHandler pair keeps two stacks (one shifted and unshifted at its head) and routes
 * every token through optional callbacks. The tree rules are htmlparser2's own (html-tree-rules.ts).
 */
export function buildDocument(html: string): Document {
  const builder = new TreeBuilder(html);
  const tokenizer = new Tokenizer({ decodeEntities: false }, builder);
  tokenizer.write(html);
  tokenizer.end();
  return builder.doc;
}

interface TagRules {
  closes: ReadonlySet<string> | undefined;
  isVoid: boolean;
  /** True opens foreign content (<svg>, <math>), false opens HTML inside it, null neither. */
  foreign: boolean | null;
  rawText: boolean;
}

const NO_RULES: TagRules = { closes: undefined, isVoid: false, foreign: null, rawText: false };

// One lookup per tag instead of five, and a table local to this module: imported bindings are
// property reads through getters once the modules are compiled to CommonJS.
const TAG_RULES = new Map<string, TagRules>();
for (const name of new Set([...OPEN_IMPLIES_CLOSE.keys(), ...VOID_TAGS, ...FOREIGN_TAGS, ...HTML_INTEGRATION_TAGS, ...RAW_TEXT_TAGS])) {
  TAG_RULES.set(name, {
    closes: OPEN_IMPLIES_CLOSE.get(name),
    isVoid: VOID_TAGS.has(name),
    foreign: FOREIGN_TAGS.has(name) ? true : HTML_INTEGRATION_TAGS.has(name) ? false : null,
    rawText: RAW_TEXT_TAGS.has(name),
  });
}
const rulesOf = (name: string): TagRules => TAG_RULES.get(name) ?? NO_RULES;

// Read once: domhandler re-exports its classes through getters, which cost a call per node.
const { Comment, Document: DocumentNode, Element: ElementNode, ProcessingInstruction, Text: TextNode } = domhandler;
const hasOwn = Object.prototype.hasOwnProperty;

const decodeText = (raw: string) => (raw.includes('&') ? decodeHTML(raw) : raw);
const decodeAttribute = (raw: string) => (raw.includes('&') ? decodeHTMLAttribute(raw) : raw);

class TreeBuilder implements TokenizerCallbacks {
  readonly doc: Document = new DocumentNode([]);
  /** Open elements, innermost last; the document is the first entry and never leaves. */
  private readonly open: ParentNode[] = [this.doc];
  /** Whether self-closing slashes count, innermost context last (true inside <svg> and <math>). */
  private readonly foreign: boolean[] = [false];
  /** The last child added, when it is text that the next text token extends. */
  private last: Text | null = null;
  private tagName = '';
  private tagRules = NO_RULES;
  private attribs: Record<string, string> = {};
  private attribName = '';
  private attribValue = '';
  /** Inside <script>, <style>, <textarea> or <xmp>, whose text entity decoding leaves alone. */
  private rawText = false;

  constructor(private readonly html: string) {}

  ontext(start: number, end: number): void {
    const raw = this.html.slice(start, end);
    const data = this.rawText ? raw : decodeText(raw);
    if (this.last?.type === 'text') this.last.data += data;
    else this.last = this.append(new TextNode(data));
  }

  ontextentity(): void {
    // Entities are decoded in ontext; the Tokenizer reports none with decoding off.
  }

  onopentagname(start: number, end: number): void {
    this.openTag(this.html.slice(start, end).toLowerCase());
  }

  onattribname(start: number, end: number): void {
    this.attribName = this.html.slice(start, end).toLowerCase();
  }

  onattribdata(start: number, end: number): void {
    this.attribValue += this.html.slice(start, end);
  }

  onattribentity(): void {
    // As ontextentity: never called with decoding off.
  }

  onattribend(): void {
    const attribs = this.attribs;
    const name = this.attribName;
    // The first of two same-named attributes wins; an undefined read settles it without the call.
    if (attribs[name] === undefined || !hasOwn.call(attribs, name)) attribs[name] = decodeAttribute(this.attribValue);
    this.attribValue = '';
  }

  onopentagend(): void {
    this.rawText = this.tagRules.rawText;
    this.endOpenTag();
  }

  onselfclosingtag(): void {
    const name = this.tagName;
    this.endOpenTag();
    // Outside <svg> and <math> the slash means nothing and the element stays open, but the
    // Tokenizer does not enter raw text after <script/>, so neither does the text decoding.
    if (this.foreign[this.foreign.length - 1] && this.top()?.name === name) this.pop();
  }

  onclosetag(start: number, end: number): void {
    const name = this.html.slice(start, end).toLowerCase();
    const rules = rulesOf(name);
    this.rawText = false;
    if (rules.foreign !== null) this.foreign.pop();
    if (rules.isVoid) {
      // </br> is read as <br>; any other void closing tag is ignored.
      if (name === 'br') this.append(new ElementNode('br', {}));
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

  oncomment(start: number, end: number, offset: number): void {
    this.comment(this.html.slice(start, end - offset));
  }

  oncdata(start: number, end: number, offset: number): void {
    // HTML has no CDATA sections outside foreign content; htmlparser2 keeps them as comments.
    this.comment(`[CDATA[${this.html.slice(start, end - offset)}]]`);
  }

  ondeclaration(start: number, end: number): void {
    this.instruction('!', this.html.slice(start, end));
  }

  onprocessinginstruction(start: number, end: number): void {
    this.instruction('?', this.html.slice(start, end));
  }

  onend(): void {
    while (this.open.length > 1) this.pop();
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
    this.attribs = {};
  }

  /** The element exists once its attributes are read, as DomHandler creates it on onopentag. */
  private endOpenTag(): void {
    const element: Element = new ElementNode(this.tagName, this.attribs);
    this.append(element);
    if (!this.tagRules.isVoid) this.open.push(element);
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

  private top(): Element | null {
    return this.open.length > 1 ? (this.open[this.open.length - 1] as Element) : null;
  }

  private pop(): void {
    this.open.pop();
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
