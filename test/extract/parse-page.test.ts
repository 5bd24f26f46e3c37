import type { AnyNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { randomMarkup } from '../support/random-markup.js';
import { buildPage } from '../../lambdas/extract/build-document.js';
import { findInert, parsePage, stripInert } from '../../lambdas/extract/parse-page.js';

/** A tree as text: node kinds, names, attributes and data. */
function shape(node: AnyNode, out: string[] = []): string[] {
  if (node.type === 'text' || node.type === 'comment') out.push(`${node.type} ${JSON.stringify(node.data)}`);
  else if (node.type === 'directive') out.push(`directive ${node.name} ${node.data}`);
  else if ('children' in node) {
    if ('name' in node) out.push(`<${node.type} ${node.name} ${JSON.stringify(node.attribs)}>`);
    for (const child of node.children) shape(child, out);
    out.push('</>');
  }
  return out;
}

/** What parsePage stands for: htmlparser2's tree of the page with its inert blocks made spaces. */
const reference = (html: string) =>
  shape(parseDocument(stripInert(html), { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }));

describe('parsePage steps over inert blocks without copying the page', () => {
  it('reads a block between text as a space', () => {
    const html = '<p>one<!-- note -->two<script>x()</script>three &amp<style>p{}</style> four</p>';
    expect(buildPage(html, findInert(html))).not.toBeNull();
    expect(shape(parsePage(html).doc)).toEqual(reference(html));
  });

  it('falls back to the stripped copy when a block starts inside a tag', () => {
    const html = '<p title="a<!-- b">c</p><div data-x="<script>">d</script>e</div><title>f<!--g--></title>';
    expect(buildPage(html, findInert(html))).toBeNull();
    expect(shape(parsePage(html).doc)).toEqual(reference(html));
  });

  it('lists the elements in document order with the extent of each subtree', () => {
    const { doc, elements, lastDescendant } = parsePage('<div><p>a<br>b</p><ul><li>1<li>2</ul></div><p>c</p>');
    expect(elements.map((el) => el.name)).toEqual(['div', 'p', 'br', 'ul', 'li', 'li', 'p']);
    expect(lastDescendant).toEqual([5, 2, 2, 5, 4, 5, 6]);
    expect(elements[0]!.parent).toBe(doc);
  });

  it('on random strings of markup with inert blocks in every position', () => {
    const tokens = ['<', '>', '</', '<!--', '-->', '<!-- c -->', '<script>x</script>', '<script type="application/ld+json">{"a":"&amp;"}</script>',
      '<style>p{}</style>', '<svg><path/></svg>', '<SCRIPT>', '</script>', '&amp', '&amp;', '&#65', '"', '=', ' ', 'a', '<p>', '</p>',
      '<div class="', '<a title="', '<title>', '</title>', '<textarea>', '<br/', '<!', '<s'];
    for (const html of randomMarkup(tokens, 7)) expect(shape(parsePage(html).doc), JSON.stringify(html)).toEqual(reference(html));
  });
});
