import { buildPage, type BuiltPage } from './build-document.js';

// Scripts, styles, comments and inline SVG are most of a modern page's bytes and none of its
// text; dropping them before the parser halves parsing time. JSON-LD scripts carry metadata and stay.
//
// The scan jumps from '<' to '<' with indexOf and compares the few characters after each; a
// case-insensitive regex with alternatives, as it was, walks every character of the page.
const JSON_LD_OPEN = /ld\+json/i;
// What \s matches in a regex, which the closing tags allow before their '>'.
const SPACE_BEFORE_GT = /\s*>/y;

const INERT_NAMES = ['script', 'style', 'svg'] as const;

/**
 * Where the inert blocks are, as [start, end, start, end, ...]: one forward scan finds an
 * opening, jumps to its closing, and goes on from there.
 */
export function findInert(html: string): number[] {
  const ranges: number[] = [];
  let from = 0;
  for (;;) {
    const lt = html.indexOf('<', from);
    if (lt < 0) break;
    let end: number;
    const name = inertNameAt(html, lt + 1);
    if (name) {
      // The opening tag runs to the first '>'; without one this is no opening tag.
      const gt = html.indexOf('>', lt + 1 + name.length);
      if (gt < 0) {
        from = lt + 1;
        continue;
      }
      end = closingTagEnd(html, name, gt + 1);
      if (name === 'script' && JSON_LD_OPEN.test(html.slice(lt, gt + 1))) {
        from = end;
        continue;
      }
    } else if (html.startsWith('!--', lt + 1)) {
      const close = html.indexOf('-->', lt + 4);
      end = close >= 0 ? close + 3 : html.length;
    } else {
      from = lt + 1;
      continue;
    }
    ranges.push(lt, end);
    from = end;
  }
  return ranges;
}

/** The page with each inert block replaced by a space. */
export function stripInert(html: string, ranges: readonly number[] = findInert(html)): string {
  if (ranges.length === 0) return html;
  const parts: string[] = [];
  let kept = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    parts.push(html.slice(kept, ranges[i]), ' ');
    kept = ranges[i + 1]!;
  }
  parts.push(html.slice(kept));
  return parts.join('');
}

/** 'script', 'style' or 'svg' when one starts at i in any case and ends at a word boundary. */
function inertNameAt(html: string, i: number): (typeof INERT_NAMES)[number] | null {
  if ((html.charCodeAt(i) | 0x20) !== 0x73) return null;
  for (const name of INERT_NAMES) {
    if (asciiCaseMatch(html, i, name) && !isWordChar(html.charCodeAt(i + name.length))) return name;
  }
  return null;
}

function asciiCaseMatch(html: string, at: number, lower: string): boolean {
  if (at + lower.length > html.length) return false;
  // Setting the case bit maps only A-Z onto a-z: the names are letters.
  for (let k = 0; k < lower.length; k++) if ((html.charCodeAt(at + k) | 0x20) !== lower.charCodeAt(k)) return false;
  return true;
}

/** A regex word character, [A-Za-z0-9_]; NaN past the end is not one. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95;
}

/** The end of the first '</name' + whitespace + '>' at or after `from`, or the end of the page. */
function closingTagEnd(html: string, name: string, from: number): number {
  for (let k = html.indexOf('</', from); k >= 0; k = html.indexOf('</', k + 1)) {
    if (!asciiCaseMatch(html, k + 2, name)) continue;
    SPACE_BEFORE_GT.lastIndex = k + 2 + name.length;
    if (SPACE_BEFORE_GT.test(html)) return SPACE_BEFORE_GT.lastIndex;
  }
  return html.length;
}

/**
 * The tree htmlparser2 builds of the page with its inert blocks replaced by spaces. Copying the
 * kept text into a new string cost as much as finding the blocks, so the tokenizer reads the page
 * itself and steps over each block, when the block starts where the tokenizer is reading text.
 * One that starts inside a tag or a raw-text element (rare: the scan does not know about tags)
 * means the page is built from the stripped copy after all, which gives the same tree always.
 */
export function parsePage(html: string): BuiltPage {
  const inert = findInert(html);
  return buildPage(html, inert) ?? buildPage(stripInert(html, inert))!;
}
