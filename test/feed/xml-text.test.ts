import { describe, expect, it } from 'vitest';
import { cdata, cleanText, escapeXml } from '../../lambdas/feed/xml-text.js';

describe('cleanText', () => {
  const cases = [
    { input: 'plain текст 日本語', out: 'plain текст 日本語' },
    { input: 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg', out: 'abcdefg' },
    { input: 'tab\tlf\ncr\r', out: 'tab\tlf\ncr\r' },
    { input: 'nope\uFFFE\uFFFF!', out: 'nope!' },
    { input: 'lone \uD800 high, lone \uDC00 low', out: 'lone  high, lone  low' },
    { input: 'emoji 🇷🇺🤝🇯🇵 stays', out: 'emoji 🇷🇺🤝🇯🇵 stays' },
    { input: 'C1\u0085\u009F gone', out: 'C1 gone' },
  ] as const;
  it.each(cases)('cleans $input', ({ input, out }) => {
    expect(cleanText(input)).toBe(out);
  });
});

describe('escapeXml', () => {
  const cases = [
    { input: 'R&D <b> "q" \'s\'', out: 'R&amp;D &lt;b&gt; &quot;q&quot; &#39;s&#39;' },
    // A literal entity in the source text is text, not markup: it must come back as typed.
    { input: 'AT&amp;T', out: 'AT&amp;amp;T' },
    { input: 'end ]]> here', out: 'end ]]&gt; here' },
  ] as const;
  it.each(cases)('escapes $input', ({ input, out }) => {
    expect(escapeXml(input)).toBe(out);
  });
});

describe('cdata', () => {
  it('splits a CDATA terminator so the section cannot close early', () => {
    expect(cdata('a]]>b]]>c')).toBe('<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]>');
  });
  it('drops characters XML cannot carry', () => {
    expect(cdata('x\u0002y')).toBe('<![CDATA[xy]]>');
  });
});
