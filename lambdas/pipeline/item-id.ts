import { createHash } from 'node:crypto';

/** Stable item id: the canonical URL's digest, so every path to one article meets one row. */
export function itemIdOf(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 24);
}
