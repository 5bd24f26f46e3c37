import { describe, expect, it } from 'vitest';
import { stripInert } from '../../lambdas/extract/parse-page.js';

// What the regex scan this replaced made of each input: openers match in any case and end at a
// word boundary, an opener needs its '>', a closer may have whitespace (any \s) before its '>',
// JSON-LD scripts stay, and whatever is left open runs to the end of the page.
const CASES: [string, string][] = [
  ['a<script>x</script>b', 'a b'],
  ['a<SCRIPT type="text/javascript">x</ScRiPt >b', 'a b'],
  ['a<scripts>x</scripts>b', 'a<scripts>x</scripts>b'],
  ['a<script-x>y</script>b', 'a b'],
  ['a<script>x</script foo>y</script>b', 'a b'],
  ['a<script type="application/ld+json">{"x":1}</script>b<style>p{}</style>c', 'a<script type="application/ld+json">{"x":1}</script>b c'],
  ['a<style>p{}</style\n>b<svg viewBox="0 0 1 1"><path d="M0"/></svg>c', 'a b c'],
  ['a<svg/>b</svg>c', 'a c'],
  ['a<svgx>b</svgx>c', 'a<svgx>b</svgx>c'],
  ['a<!-- one -->b<!--two', 'a b '],
  ['a<script>never closed', 'a '],
  ['a<script no closing bracket', 'a<script no closing bracket'],
  ['a<script>x</script\u00a0>b', 'a b'],
];

describe('stripInert drops scripts, styles, inline SVG and comments before parsing', () => {
  for (const [input, output] of CASES) {
    it(JSON.stringify(input), () => {
      expect(stripInert(input)).toBe(output);
    });
  }

  it('returns the page itself when there is nothing to drop', () => {
    const html = '<p>plain</p><script type="application/ld+json">{}</script>';
    expect(stripInert(html)).toBe(html);
  });
});
