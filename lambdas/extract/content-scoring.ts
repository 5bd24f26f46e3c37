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
}

const SENTENCE_END = /[.!?。！？…:;»"'”)\]]\s*$/;

export function isProse(block: Block): boolean {
  if (block.inHeading || block.chars === 0) return false;
  if (block.linkChars / block.chars > 0.35) return false;
  if (block.chars >= 80) return true;
  return block.chars >= 25 && SENTENCE_END.test(block.text);
}

export function proseWeight(block: Block): number {
  return isProse(block) ? block.chars : 0;
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
    const prose = proseWeight(block);
    for (const node of chain) {
      const s = stats.get(node);
      if (s) {
        s.prose += prose;
        s.total += block.chars;
      } else stats.set(node, { prose, total: block.chars });
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

/** Net prose: debris inside a candidate costs as much as prose gains, so tight containers win. */
export function selectMain(stats: Map<Owner, NodeStats>, debrisCost = 1): Owner | null {
  let best: Owner | null = null;
  let bestScore = 0;
  for (const [node, s] of stats) {
    const score = s.prose - debrisCost * (s.total - s.prose);
    if (score > bestScore) {
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
