import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from '../../lambdas/extract/dom-utils.js';
import { cleanLine } from '../../lambdas/extract/text-serialise.js';

/** The one-regex version both used to be. */
const replaceAll = (text: string) => text.replace(/[\s\u00a0\u200b\u2009\u202f\ufeff]+/g, ' ').trim();

describe('collapseWhitespace', () => {
  it('makes every run of whitespace one space and trims, zero-width and no-break spaces included', () => {
    expect(collapseWhitespace('  a \t b\n\nc\u00a0\u00a0d\u200be\u3000f\ufeff ')).toBe('a b c d e f');
    expect(collapseWhitespace('\u200b lead and trail \u200b')).toBe('lead and trail');
    expect(collapseWhitespace('already single spaced')).toBe('already single spaced');
    expect(collapseWhitespace('')).toBe('');
  });

  it('agrees with the one-regex version on random strings', () => {
    const alphabet = ['a', 'b', ' ', '  ', '\t', '\n', '\r', '\u00a0', '\u200b', '\u2009', '\u202f', '\ufeff', '\u3000', '\u2028', '\u1680', '\u200c', 'ж'];
    let seed = 3;
    for (let round = 0; round < 20_000; round++) {
      let text = '';
      for (let n = seed % 9; n >= 0; n--) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        text += alphabet[seed % alphabet.length];
      }
      expect(collapseWhitespace(text), JSON.stringify(text)).toBe(replaceAll(text));
      expect(cleanLine(text)).toBe(replaceAll(text));
    }
  });
});
