/**
 * Charsets are decoded by the platform's TextDecoder (ICU), not a JavaScript table: a Node built
 * without full ICU would lose the Russian and Japanese tables, and this says so before a feed does.
 */
import { describe, expect, it } from 'vitest';
import { canDecode, decodeWith } from '../../lambdas/http/text-decoders.js';

const cases = [
  { charset: 'windows-1251', bytes: [0xcf, 0xf0, 0xe8, 0xec, 0xee, 0xf0, 0xfc, 0xe5], text: 'Приморье' },
  { charset: 'koi8-r', bytes: [0xf0, 0xd2, 0xc9, 0xcd, 0xcf, 0xd2, 0xd8, 0xc5], text: 'Приморье' },
  { charset: 'shift_jis', bytes: [0x96, 0x6b, 0x8a, 0x43, 0x93, 0xb9], text: '北海道' },
  { charset: 'euc-jp', bytes: [0xcb, 0xcc, 0xb3, 0xa4, 0xc6, 0xbb], text: '北海道' },
  { charset: 'iso-2022-jp', bytes: [0x1b, 0x24, 0x42, 0x4b, 0x4c, 0x33, 0x24, 0x46, 0x3b, 0x1b, 0x28, 0x42], text: '北海道' },
  { charset: 'utf-16le', bytes: [0x1f, 0x04, 0x40, 0x04], text: 'Пр' },
] as const;

describe('text decoders', () => {
  it.each(cases)('$charset decodes to $text', ({ charset, bytes, text }) => {
    expect(canDecode(charset)).toBe(true);
    expect(decodeWith(Uint8Array.from(bytes), charset)).toBe(text);
  });

  it('knows the labels pages use for the same tables', () => {
    for (const label of ['cp1251', 'x-cp1251', 'sjis', 'windows-31j', 'x-euc-jp', 'latin1']) expect(canDecode(label), label).toBe(true);
  });

  it('refuses a label it cannot decode, and says which', () => {
    expect(canDecode('klingon-8')).toBe(false);
    expect(() => decodeWith(Uint8Array.of(0x41), 'klingon-8')).toThrow(/"klingon-8"/);
  });

  it('drops a byte-order mark of the charset it decodes', () => {
    expect(decodeWith(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41), 'utf-8')).toBe('A');
  });
});
