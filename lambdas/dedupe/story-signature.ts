/**
 * What is stored per item for the near-duplicate check: the MinHash signature of its
 * words and the hashes of its anchors, in one string `<minhash>|<anchor hashes>`.
 */
import { fnv1a, signature } from './minhash.js';
import { MAX_ANCHORS, storyAnchors } from './story-anchors.js';

/** The fingerprint of an item: title and body together (a copy keeps both). */
export function storySignature(title: string, text: string): string {
  const whole = `${title}\n${text}`;
  const anchors = [...storyAnchors(whole)]
    .map((anchor) => fnv1a(anchor).toString(16).padStart(8, '0'))
    .sort()
    .slice(0, MAX_ANCHORS);
  return `${signature(whole)}|${anchors.join('')}`;
}
