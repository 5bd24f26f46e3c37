import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { randomMarkup } from '../support/random-markup.js';
import { buildDocument } from '../../lambdas/extract/build-document.js';

/** A tree as text: node kinds, names, attributes, data, and whether the sibling links agree. */
function shape(node: AnyNode, out: string[] = []): string[] {
  if (node.type === 'text' || node.type === 'comment') out.push(`${node.type} ${JSON.stringify(node.data)}`);
  else if (node.type === 'directive') out.push(`directive ${node.name} ${node.data}`);
  else if ('children' in node) {
    if ('name' in node) out.push(`<${node.type} ${node.name} ${JSON.stringify(node.attribs)}>`);
    let prev: AnyNode | null = null;
    for (const child of node.children) {
      if (child.parent !== node || child.prev !== prev || (prev && prev.next !== child)) out.push('broken links');
      prev = child;
      shape(child, out);
    }
    if (prev?.next) out.push('broken links');
    out.push('</>');
  }
  return out;
}

const reference = (html: string) => shape(parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }));

const CASES: Record<string, string> = {
  'implied closes': '<p>a<p>b<div>c</div><ul><li>1<li>2</ul><dl><dt>t<dd>d<dt>u</dl><h2>h<p>q</h2>',
  tables: '<table><thead><tr><th>a<th>b<tbody><tr><td>1<td>2<tr><td>3<tfoot><tr><td>f</table>',
  'stray closing tags': '<div>a</span></p>b</br></img></div></div>c',
  'void and self-closing': '<div><img src=a.png/><br/><input/><span/>text</div><hr>after',
  'foreign content': '<svg><path d="M0"/><g/><title>t &amp; u</title><foreignObject><p/>x</foreignObject></svg><math><mi/></math>y',
  entities: '<p title="a &amp; b &quot;c&quot; &notit; &amp">x &amp; y &lt;z&gt; &nbsp;&#x41;&#66; &notit; &amp</p><a href="?a=1&b=2&amp;c=3">q</a>',
  'raw text': '<script>a &amp; <b></script><style>&amp;</style><textarea>&amp;</textarea><xmp>&amp;<i></xmp><title>&amp;</title><script/>a &amp; b',
  'duplicate and odd attributes': '<div CLASS=a class=b Id="x" hidden constructor="c" toString data-x=\'1\' a=b/c>z</div>',
  'comments, doctype, instructions': '<!DOCTYPE html><?xml version="1.0"?><!-- one --><!-- two --><![CDATA[x]]><p>a<!---->b</p>',
  'head and body': '<html><head><title>T</title><link rel=x><script>s</script><body><p>b</p></html>',
  'cut mid-tag': '<div class="a"><p>text<span class="b',
  'cut mid-attribute': '<div><a href="https://example.org/?q=1&amp;',
  'text only': 'just text & more',
  empty: '',
  'tags that are text': 'a < b <<div>c</> d</ >e</1>f<a =b>g</div/>h',
  'raw-text look-alikes': '<xitle>&amp;<b></title><tmp>&amp;<i></xmp><scripts>&amp;</scripts><script>x</scriptx>y</SCRIPT >z',
  'odd declarations': '<!><![C>x<!-x>y<!-->z<!--->w<!-- a -- b --->v<?pi x>u',
  'unquoted values': '<a href=x/>t</a><b c=>d</b><e f = "g" h=\'i\'j=k>l</e>',
  'control characters': '<script>a\x1c/script>b</script>c<title>\x1c/title>d</title>',
  'cut after a closing name': '<div>text</div foo',
  'cut in a self-closing tag': '<div>text<br/ ',
  'cut in a raw-text name': '<div>text<scri',
  'cut in a declaration': '<p>a</p><!DOCTYPE &amp; x',
  'cut in a comment': '<p>a</p><!-- &amp; x',
  'cut in a script': '<p>a</p><script>x &amp; <b>',
  'cut in a title': '<title>x &amp; y',
  'entities in a title after a partial closing tag': '<title>a<&amp; b</&amp; c</ti&amp; d&amp;</title>',
};

describe('buildDocument builds the tree parseDocument builds', () => {
  for (const [name, html] of Object.entries(CASES)) {
    it(name, () => {
      expect(shape(buildDocument(html))).toEqual(reference(html));
    });
  }

  it('on random strings of the characters and tokens that steer the tokenizer', () => {
    const tokens = ['<', '>', '</', '/>', '<!', '<!--', '-->', '<![CDATA[', ']]>', '<?', '&amp;', '&', '&lt', '"', "'", '=', ' ', '\n',
      '\x1c', '<script>', '</script', '</ti', '<style>', '</STYLE >', '<title>', '</title>', '<xitle>', '<tmp>', '<textarea>', '<svg>',
      '</svg>', '<math>', '<mi/>', '<p>', '</p>', '</br>', '<li>', '<td>', '<tr>', '<a href=x/>', '<img/>', '<s', '<t', '<sc',
      '</ >', '</1>', '<a =b>', '<foreignObject>', '<body>', '<head>', '<select>', '<option>', '<dd>', '<h1>', '<tbody>', 'a', 'ж'];
    for (const html of randomMarkup(tokens, 20240601)) expect(shape(buildDocument(html)), JSON.stringify(html)).toEqual(reference(html));
  });

  const sitesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites');
  const pages = existsSync(sitesDir)
    ? readdirSync(sitesDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'))
    : [];

  it('on every recorded page, whole and cut short', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const file of pages) {
      const html = readFileSync(path.join(sitesDir, file), 'latin1');
      expect(shape(buildDocument(html)), file).toEqual(reference(html));
      const cut = html.slice(0, Math.floor(html.length / 3));
      expect(shape(buildDocument(cut)), `${file}, cut`).toEqual(reference(cut));
    }
  });
});
