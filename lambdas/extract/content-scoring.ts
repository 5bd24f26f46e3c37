import type { Element } from 'domhandler';
import type { Block, ElementList, PageBlocks } from './content-blocks.js';
import { classAndId } from './dom-utils.js';
import { FURNITURE_TAGS, NEGATIVE_CLASS, POSITIVE_CLASS } from './noise-rules.js';

/**
 * Finding the article: every block is prose or not, each element sums the prose and the
 * non-prose below it, and the article is the element with the most prose net of debris.
 * Page furniture (by tag or class/id words) is set aside first, unless it holds most of the prose:
 * then it is a wrapper that merely carries an unlucky class name.
 */

const SENTENCE_END = /[.!?。！？…:;»"'”)\]]\s*$/;

// A paragraph cut off with an ellipsis is a teaser of another article.
const TEASER_END = /(?:\.\.\.|…)\s*(?:\]|\)|read more|more|подробнее|далее|続きを読む)?\s*$/i;

function isTeaser(block: Block): boolean {
  return block.chars < 400 && TEASER_END.test(block.text);
}

export function isProse(block: Block): boolean {
  if (block.inHeading || block.chars === 0) return false;
  if (block.linkChars / block.chars > 0.35) return false;
  if (isTeaser(block)) return false;
  if (block.chars >= 80) return true;
  return block.chars >= 25 && SENTENCE_END.test(block.text);
}

/**
 * What a block adds to the elements around it, in tenths of a character so that sums are exact
 * integers whatever order they are added in. Prose counts in full. Debris costs in full when it
 * is the stuff of menus and labels; it costs little in shapes that articles use themselves: a long
 * paragraph dense with inline links, a subheading, a table cell or list item of plain text.
 */
function blockValue(block: Block, prose: boolean): number {
  if (prose) return 10 * block.chars;
  const linkDensity = block.linkChars / block.chars;
  // A subheading is part of an article; a linked heading is the title of another one.
  if (block.inHeading && block.tag !== 'h1' && linkDensity < 0.5) return 0;
  // Teasers cost nothing: a paywalled article ends in one, and a list of them is paid for by its links.
  if (isTeaser(block) && linkDensity < 0.35) return 0;
  if (block.tag === 'p' && block.chars >= 50) return -3 * block.chars;
  if (block.inList && linkDensity < 0.3) return 0;
  return -10 * block.chars;
}

/** Each block judged once: its prose characters (0 when it is not prose) and its value. */
export interface BlockScores {
  prose: Int32Array;
  value: Float64Array;
}

export function scoreBlocks(blocks: readonly Block[]): BlockScores {
  const prose = new Int32Array(blocks.length);
  const value = new Float64Array(blocks.length);
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const isBlockProse = isProse(block);
    prose[i] = isBlockProse ? block.chars : 0;
    value[i] = blockValue(block, isBlockProse);
  }
  return { prose, value };
}

/** Sums over the blocks below each element, by index into the ElementList. */
export interface NodeStats {
  prose: Float64Array;
  total: Float64Array;
  /** Prose net of debris, in tenths of a character. */
  net: Float64Array;
  /** Elements with at least one counted block below them, in the order the blocks reach them. */
  touched: number[];
}

/**
 * Sums every block into all its ancestors, leaving out blocks under an element marked in
 * `excluded` (itself or any ancestor). Blocks are added to their owner, then each element's sum
 * to its parent's, last element first: descendants always come after their ancestors.
 */
export function aggregate(page: PageBlocks, scores: BlockScores, excluded?: Uint8Array): NodeStats {
  const { parent } = page.elements;
  const n = parent.length;
  const prose = new Float64Array(n);
  const total = new Float64Array(n);
  const net = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched: number[] = [];
  const blocks = page.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const owner = blocks[b]!.ownerIndex;
    if (excluded && excluded[owner]) continue;
    prose[owner]! += scores.prose[b]!;
    total[owner]! += blocks[b]!.chars;
    net[owner]! += scores.value[b]!;
    for (let i = owner; i >= 0 && !seen[i]; i = parent[i]!) {
      seen[i] = 1;
      touched.push(i);
    }
  }
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    if (p < 0) continue;
    prose[p]! += prose[i]!;
    total[p]! += total[i]!;
    net[p]! += net[i]!;
  }
  return { prose, total, net, touched };
}

/**
 * Elements to leave out, each marked with everything below it: furniture and furniture-named
 * elements that do not carry the article. Only elements below where the block walk started (the
 * body) are judged, and an element with no text below it is skipped unjudged,
 * because leaving it out or in changes no sum.
 */
export function findFurniture(page: PageBlocks, stats: NodeStats): Uint8Array {
  const { nodes, last } = page.elements;
  const rootIndex = page.rootIndex;
  const excluded = new Uint8Array(nodes.length);
  const totalProse = stats.prose[rootIndex]!;
  for (let i = rootIndex + 1; i < nodes.length; i++) {
    if (stats.total[i] === 0) {
      i = last[i]!;
      continue;
    }
    const el = nodes[i] as Element;
    const tag = el.name;
    if (tag === 'body' || tag === 'html') continue;
    const byTag = FURNITURE_TAGS.has(tag);
    const names = classAndId(el);
    const byClass = names !== '' && NEGATIVE_CLASS.test(names);
    const hidden = isHidden(el);
    if (!byTag && !byClass && !hidden) continue;
    // A wrapper that carries most of the page's prose is the article's container, whatever it is called.
    const positive = names !== '' && POSITIVE_CLASS.test(names);
    const share = totalProse > 0 ? stats.prose[i]! / totalProse : 0;
    const keep = hidden ? share > 0.6 : share > 0.6 || (positive && share > 0.3);
    if (keep) continue;
    const end = last[i]!;
    for (let j = i; j <= end; j++) excluded[j] = 1;
    i = end;
  }
  return excluded;
}

const HIDDEN_STYLE = /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

function isHidden(el: Element): boolean {
  const attribs = el.attribs;
  if (attribs['hidden'] !== undefined || attribs['aria-hidden'] === 'true') return true;
  const style = attribs['style'];
  return !!style && HIDDEN_STYLE.test(style);
}

/** Net prose: debris inside a candidate costs what prose gains, so tight containers win. Returns an index, or -1. */
export function selectMain(elements: ElementList, stats: NodeStats): number {
  let best = -1;
  let bestScore = 0;
  for (const node of stats.touched) {
    const score = stats.net[node]!;
    // On a tie the enclosing element wins: it adds only blocks that cost nothing.
    if (score > bestScore || (score === bestScore && best >= 0 && isWithin(elements, best, node))) {
      bestScore = score;
      best = node;
    }
  }
  return best;
}

/** Whether element `node` is `container` or lies below it. */
export function isWithin(elements: ElementList, node: number, container: number): boolean {
  return node >= container && node <= elements.last[container]!;
}
