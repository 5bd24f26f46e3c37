import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/**
 * The anchor extractor: Mozilla's Readability on a linkedom DOM, text taken as the benchmark's
 * own Readability runner takes it (textContent of the article).
 */
export function readabilityText(html: string): string {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as never).parse();
    return article?.textContent ?? '';
  } catch {
    return '';
  }
}
