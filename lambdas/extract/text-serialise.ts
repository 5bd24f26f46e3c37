import type { Block } from './content-blocks.js';
import { isNoiseLine } from './noise-rules.js';

/** Whitespace inside a paragraph collapsed; non-breaking and zero-width spaces included. */
export function cleanLine(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u2009\u202f\ufeff]+/g, ' ').trim();
}

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
      if (!line || !/[\p{L}\p{N}]/u.test(line)) continue;
      if (isNoiseLine(line)) continue;
      paragraphs.push(line);
    }
  }
  return paragraphs;
}

export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join('\n\n');
}
