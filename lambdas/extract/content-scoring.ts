import type { Element, ParentNode } from 'domhandler';
import type { Block, Owner } from './content-blocks.js';
import { classAndId, walkElements } from './dom-utils.js';
import { FURNITURE_TAGS, NEGATIVE_CLASS, POSITIVE_CLASS } from './noise-rules.js';

/**
 * Finding the article: every block is prose or not, each element sums the prose and the
 * non-prose below it, and the article is the element with the most prose net of debris.
 * Page furniture (by tag or class/id words) is set aside first, unless it holds most of the prose:
 * then it is a wrapper that merely carries an unlucky class name.
 */

export interface NodeStats {
  prose: number;
  total: number;
  /** Sum of block values: prose net of debris. */
  net: number;
}

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
 * What a block adds to the elements around it. Prose counts in full. Debris costs in full when it
 * is the stuff of menus and labels; it costs little in shapes that articles use themselves: a long
 * paragraph dense with inline links, a subheading, a table cell or list item of plain text.
 */
export function blockValue(block: Block): number {
  if (isProse(block)) return block.chars;
  const linkDensity = block.linkChars / block.chars;
  // A subheading is part of an article; a linked heading is the title of another one.
  if (block.inHeading && block.tag !== 'h1' && linkDensity < 0.5) return 0;
  // Teasers cost nothing: a paywalled article ends in one, and a list of them is paid for by its links.
  if (isTeaser(block) && linkDensity < 0.35) return 0;
  if (block.tag === 'p' && block.chars >= 50) return -0.3 * block.chars;
  if (block.inList && linkDensity < 0.3) return 0;
  return -block.chars;
}

/** Sums every block into all its ancestors, skipping blocks under an excluded element. */
export function aggregate(blocks: readonly Block[], excluded: ReadonlySet<Owner>): Map<Owner, NodeStats> {
  const stats = new Map<Owner, NodeStats>();
  const chain: Owner[] = [];
  for (const block of blocks) {
    chain.length = 0;
    let skip = false;
    for (let node: ParentNode | null = block.owner; node; node = node.parent) {
      if (excluded.has(node)) {
        skip = true;
        break;
      }
      chain.push(node);
    }
    if (skip) continue;
    const prose = isProse(block) ? block.chars : 0;
    const net = blockValue(block);
    for (const node of chain) {
      const s = stats.get(node);
      if (s) {
        s.prose += prose;
        s.total += block.chars;
        s.net += net;
      } else stats.set(node, { prose, total: block.chars, net });
    }
  }
  return stats;
}

/** Elements to leave out: furniture and furniture-named elements that do not carry the article. */
export function findFurniture(root: Owner, stats: Map<Owner, NodeStats>): Set<Owner> {
  const totalProse = stats.get(root)?.prose ?? 0;
  const furniture = new Set<Owner>();
  walkElements(root as Element, (el) => {
    const tag = el.name.toLowerCase();
    if (tag === 'body' || tag === 'html') return true;
    const prose = stats.get(el)?.prose ?? 0;
    const byTag = FURNITURE_TAGS.has(tag);
    const names = classAndId(el);
    const byClass = names !== '' && NEGATIVE_CLASS.test(names);
    const hidden = isHidden(el);
    if (!byTag && !byClass && !hidden) return true;
    // A wrapper that carries most of the page's prose is the article's container, whatever it is called.
    const positive = names !== '' && POSITIVE_CLASS.test(names);
    const share = totalProse > 0 ? prose / totalProse : 0;
    const keep = hidden ? share > 0.6 : share > 0.6 || (positive && share > 0.3);
    if (keep) return true;
    furniture.add(el);
    return false;
  });
  return furniture;
}

function isHidden(el: Element): boolean {
  if (el.attribs['hidden'] !== undefined || el.attribs['aria-hidden'] === 'true') return true;
  const style = el.attribs['style'];
  return !!style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Net prose: debris inside a candidate costs what prose gains, so tight containers win. */
export function selectMain(stats: Map<Owner, NodeStats>): Owner | null {
  let best: Owner | null = null;
  let bestScore = 0;
  for (const [node, s] of stats) {
    const score = s.net;
    // On a tie the enclosing element wins: it adds only blocks that cost nothing.
    if (score > bestScore || (score === bestScore && best !== null && isInside(best, node))) {
      bestScore = score;
      best = node;
    }
  }
  return best;
}

export function isInside(node: Owner, container: Owner): boolean {
  for (let n: ParentNode | null = node; n; n = n.parent) if (n === container) return true;
  return false;
}
