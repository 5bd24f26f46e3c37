import { ExtractError } from './extract-error.js';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

const SNIFF_CHARS = 4096;

/**
 * Makes the raw input safe to parse: refuses binary data, and cuts oversized pages before the
 * parser sees them so a 50 MB page costs the same bounded time as a 5 MB one. An article body
 * never sits that deep in a page, so the cut loses nothing the reader wants.
 */
export function guardInput(html: unknown, maxBytes = DEFAULT_MAX_BYTES, where?: string): string {
  const at = where ? ` (${where})` : '';
  if (typeof html !== 'string') {
    throw new ExtractError(`extract expects decoded HTML text, got ${html === null ? 'null' : typeof html}${at}`, 'not-a-string');
  }
  const sniff = html.slice(0, SNIFF_CHARS);
  const controls = countControlChars(sniff);
  // Real pages carry at most a stray control character; decoded images, PDFs or gzip carry many.
  if (sniff.includes('\u0000') || controls > Math.max(8, sniff.length * 0.02)) {
    throw new ExtractError(
      `input looks binary, not HTML: ${controls} control characters in its first ${sniff.length} characters${at}; decompress or decode it first`,
      'binary-input',
    );
  }
  return cutToBytes(html, maxBytes);
}

// What countControlChars counts: C0 controls other than tab, newline, form feed and carriage
// return, and U+FFFD. Nearly every page has none, which one native scan establishes.
const CONTROL_CHAR = /[\x00-\x08\x0b\x0e-\x1f\ufffd]/;

function countControlChars(text: string): number {
  if (!CONTROL_CHAR.test(text)) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) n++;
  }
  return n;
}

/** Cuts at a UTF-8 byte budget without splitting a surrogate pair. */
function cutToBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  let cut = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  let bytes = Buffer.byteLength(cut, 'utf8');
  while (bytes > maxBytes) {
    cut = cut.slice(0, Math.floor(cut.length * (maxBytes / bytes)) - 1);
    bytes = Buffer.byteLength(cut, 'utf8');
  }
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}
