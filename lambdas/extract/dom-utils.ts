import type { AnyNode, Element, ParentNode } from 'domhandler';

/** Small, allocation-light helpers over the htmlparser2 tree that parsePage builds. */

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Class and id together, lower-cased: what the noise and content rules look at. */
export function classAndId(node: Element): string {
  const cls = node.attribs['class'];
  const id = node.attribs['id'];
  if (!cls && !id) return '';
  return `${cls ?? ''} ${id ?? ''}`.toLowerCase();
}

export function removeNode(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  const siblings = parent.children;
  const i = siblings.indexOf(node as never);
  if (i >= 0) siblings.splice(i, 1);
  const prev = node.prev;
  const next = node.next;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Concatenated text of a subtree, entities already decoded by the parser. */
export function textOf(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node) && node.type !== 'root') return '';
  let out = '';
  for (const child of (node as ParentNode).children) {
    if (child.type === 'text') out += child.data;
    else if (child.type === 'tag') out += textOf(child);
  }
  return out;
}

// Whitespace is \s and the zero-width space (no-break and thin spaces are in \s already).
const WHITESPACE_RUN = /[\s\u200b]+/g;
// What trimming leaves to do: a run of two, or whitespace other than a plain space.
const NEEDS_COLLAPSE = /[\s\u200b]{2}|[^\S ]|\u200b/;

/** Runs of whitespace made one space, and none at either end. */
/**
 * textOf(node), or null as soon as it is known to hold at least `maxWordChars` characters that
 * are not whitespace (so that, collapsed, it is at least that long): a class name like "meta" can
 * sit on a container of the whole article, whose text is not needed to know it is too long.
 */
export function textWithin(node: Element, maxWordChars: number): string | null {
  let out = '';
  let count = 0;
  const stack: AnyNode[] = [];
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text') {
      const data = n.data;
      for (let i = 0; i < data.length; i++) {
        if (!isCollapsible(data.charCodeAt(i)) && ++count >= maxWordChars) return null;
      }
      out += data;
    } else if (n.type === 'tag') {
      const children = (n as Element).children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return out;
}

/** Whether collapseWhitespace treats the UTF-16 unit as whitespace: \s and the zero-width space. */
function isCollapsible(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

export function collapseWhitespace(text: string): string {
  const trimmed = text.trim();
  // Most lines are single-spaced once trimmed; testing is cheaper than rebuilding them.
  return NEEDS_COLLAPSE.test(trimmed) ? trimmed.replace(WHITESPACE_RUN, ' ').trim() : trimmed;
}

/** Depth-first walk over elements; the visitor returns false to skip a subtree. */
export function walkElements(root: AnyNode, visit: (el: Element) => boolean | void): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root) {
      if (!isElement(node)) continue;
      if (visit(node as Element) === false) continue;
    }
    const children = (node as ParentNode).children;
    if (!children) continue;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

export function findFirst(root: AnyNode, predicate: (el: Element) => boolean): Element | null {
  let hit: Element | null = null;
  walkElements(root, (el) => {
    if (hit) return false;
    if (predicate(el)) {
      hit = el;
      return false;
    }
    return true;
  });
  return hit;
}
