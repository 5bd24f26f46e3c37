import type { Block } from './content-blocks.js';
import { collapseWhitespace } from './dom-utils.js';
import { isNoiseLine } from './noise-rules.js';
import { hasWordChar } from './word-chars.js';

/** Whitespace inside a paragraph collapsed; non-breaking and zero-width spaces included. */
export const cleanLine = collapseWhitespace;

/**
 * Paragraphs from blocks: a <br> starts a new paragraph as a block does, because pages
 * written with <br><br> mean paragraphs; lines that are scraping debris are dropped here,
 * wherever the scorer let them through.
 */
export function blocksToParagraphs(blocks: readonly Block[]): string[] {
  const paragraphs: string[] = [];
  for (const block of blocks) {
    for (const raw of block.text.split('\n')) {
      const line = cleanLine(raw);
      if (!line || !hasWordChar(line)) continue;
      if (isNoiseLine(line)) continue;
      paragraphs.push(line);
    }
  }
  return paragraphs;
}

export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join('\n\n');
}
