import type { AnyNode, Element, ParentNode } from 'domhandler';
import { DROP_TAGS } from './noise-rules.js';
import { countWordChars } from './word-chars.js';
import { BLOCK_TAGS } from '../text/block-tags.js';

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
  /** Where the owner sits in the walk's ElementList. */
  ownerIndex: number;
  /** Tag of the owner, lower-case. */
  tag: string;
  /** Inside <li>, <td> or a heading, whose short text is still content. */
  inList: boolean;
  inHeading: boolean;
  inQuote: boolean;
  inFigure: boolean;
}

/**
 * A class rather than an object literal: V8 moves the objects of a literal straight to the old
 * generation once it sees most of them survive a minor GC, as a page's blocks do while the page
 * is scored; pages then die in the old generation and drag the young objects they point to along,
 * and garbage collection comes to cost as much as extraction. Instances of a class are not tracked.
 */
class WalkedBlock implements Block {
  readonly tag: string;

  constructor(
    readonly text: string,
    readonly chars: number,
    readonly linkChars: number,
    readonly owner: Owner,
    readonly ownerIndex: number,
    readonly inList: boolean,
    readonly inHeading: boolean,
    readonly inQuote: boolean,
    readonly inFigure: boolean,
  ) {
    this.tag = 'name' in owner ? (owner as Element).name : 'body';
  }
}

/** An element, or the document itself when a fragment has no <body>. */
export type Owner = Element | ParentNode;

/**
 * The elements a walk passed through, in document order (each before its descendants), with the
 * ancestors of where it started first: scoring sums blocks into these by index, which costs an
 * array slot per element where a map keyed by node costs a hash lookup per block and ancestor.
 */
export interface ElementList {
  nodes: Owner[];
  /** Index of each element's parent in nodes; -1 for the first. */
  parent: number[];
  /** Index of each element's last descendant in nodes (itself when it has none). */
  last: number[];
}

export interface PageBlocks {
  blocks: Block[];
  elements: ElementList;
  /** Where the walk started in elements: after the ancestors of its root. */
  rootIndex: number;
}

// Broken pages can nest thousands of unclosed tags; text deeper than this is never an article.
const MAX_DEPTH = 1000;

// What the walk needs to know of a tag, as bits, so that one map lookup answers all of it.
const DROPPED = 1;
const BLOCK = 2;
const LINK = 4;
const LIST = 8;
const HEADING = 16;
const QUOTE = 32;
const FIGURE = 64;
const TAG_ROLES = new Map<string, number>();
const addRole = (tags: Iterable<string>, role: number) => {
  for (const tag of tags) TAG_ROLES.set(tag, (TAG_ROLES.get(tag) ?? 0) | role);
};
addRole(DROP_TAGS, DROPPED);
addRole(BLOCK_TAGS, BLOCK);
addRole(['a'], LINK);
addRole(['li', 'td', 'th', 'dd', 'dt'], LIST);
addRole(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], HEADING);
addRole(['blockquote'], QUOTE);
addRole(['figure', 'figcaption'], FIGURE);

export function collectBlocks(root: Owner): Block[] {
  return collectPageBlocks(root).blocks;
}

/** Blocks in document order, and the elements they sit in. Tag names are lower-case, as parsePage leaves them. */
export function collectPageBlocks(root: Owner): PageBlocks {
  const blocks: Block[] = [];
  const nodes: Owner[] = [];
  const parent: number[] = [];
  const last: number[] = [];
  let buffer = '';
  let chars = 0;
  let linkChars = 0;
  let linkDepth = 0;
  let listDepth = 0;
  let headingDepth = 0;
  let quoteDepth = 0;
  let figureDepth = 0;

  const ancestors: ParentNode[] = [];
  for (let n = root.parent; n; n = n.parent) ancestors.push(n);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    parent.push(nodes.length - 1);
    nodes.push(ancestors[i]!);
    last.push(0);
  }
  const addElement = (node: Owner, parentIndex: number): number => {
    parent.push(parentIndex);
    last.push(0);
    return nodes.push(node) - 1;
  };

  const flush = (owner: Owner, ownerIndex: number) => {
    if (chars > 0) {
      blocks.push(
        new WalkedBlock(buffer, chars, linkChars, owner, ownerIndex, listDepth > 0, headingDepth > 0, quoteDepth > 0, figureDepth > 0),
      );
    }
    buffer = '';
    chars = 0;
    linkChars = 0;
  };

  const addText = (data: string) => {
    buffer += data;
    const n = countWordChars(data);
    chars += n;
    if (linkDepth > 0) linkChars += n;
  };

  // Text children are taken in the parent's loop: a call per text node cost more than its counting.
  const visitChildren = (el: ParentNode, owner: Owner, ownerIndex: number, parentIndex: number, depth: number) => {
    const children = el.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === 'text') addText(child.data);
      else if (child.type === 'tag' && depth <= MAX_DEPTH) visitElement(child, owner, ownerIndex, parentIndex, depth);
    }
  };

  const visitElement = (el: Element, owner: Owner, ownerIndex: number, parentIndex: number, depth: number) => {
    const tag = el.name;
    const roles = TAG_ROLES.get(tag) ?? 0;
    if (roles & DROPPED) return;
    if (tag === 'br') {
      buffer += '\n';
      return;
    }
    const index = addElement(el, parentIndex);
    const isBlock = (roles & BLOCK) !== 0;
    if (isBlock) flush(owner, ownerIndex);
    if (roles & LINK) linkDepth++;
    if (roles & LIST) listDepth++;
    if (roles & HEADING) headingDepth++;
    if (roles & QUOTE) quoteDepth++;
    if (roles & FIGURE) figureDepth++;
    visitChildren(el, isBlock ? el : owner, isBlock ? index : ownerIndex, index, depth + 1);
    if (isBlock) flush(el, index);
    if (roles & LINK) linkDepth--;
    if (roles & LIST) listDepth--;
    if (roles & HEADING) headingDepth--;
    if (roles & QUOTE) quoteDepth--;
    if (roles & FIGURE) figureDepth--;
    last[index] = nodes.length - 1;
  };

  const rootIndex = addElement(root, nodes.length - 1);
  visitChildren(root, root, rootIndex, rootIndex, 0);
  flush(root, rootIndex);
  last[rootIndex] = nodes.length - 1;
  for (let i = 0; i < rootIndex; i++) last[i] = nodes.length - 1;
  return { blocks, elements: { nodes, parent, last }, rootIndex };
}
