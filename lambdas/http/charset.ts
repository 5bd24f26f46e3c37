import { isUtf8 } from 'node:buffer';
import { canDecode, decodeWith } from './text-decoders.js';

/**
 * Turns bytes into text the way a careful browser would: an explicit override,
 * then the byte-order mark, then what the server and the document say, and
 * only then a guess. Russian regional sites still serve windows-1251 (sometimes
 * under a header that claims utf-8), and Japanese sites shift_jis or euc-jp.
 */

export interface DecodedBody {
  text: string;
  /** The charset actually used, normalised to a lower-case WHATWG label. */
  charset: string;
}

export class UnknownCharsetError extends Error {
  override name = 'UnknownCharsetError';
}

/** How far into the document the XML declaration and <meta> tags are looked for (HTML spec: 1024; real pages put them later). */
const SNIFF_BYTES = 4096;

const ALIASES: Record<string, string> = {
  'utf8': 'utf-8',
  'cp1251': 'windows-1251',
  'win-1251': 'windows-1251',
  'x-cp1251': 'windows-1251',
  'koi8r': 'koi8-r',
  'sjis': 'shift_jis',
  'shift-jis': 'shift_jis',
  'x-sjis': 'shift_jis',
  'ms_kanji': 'shift_jis',
  'windows-31j': 'shift_jis',
  'cp932': 'shift_jis',
  'x-euc-jp': 'euc-jp',
  'eucjp': 'euc-jp',
  // Browsers treat a declared latin-1 as windows-1252; so do we.
  'iso-8859-1': 'windows-1252',
  'latin1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'ascii': 'windows-1252',
};

/** Normalises a charset label, or returns null when it cannot be decoded. */
export function normaliseCharset(label: string | undefined | null): string | null {
  if (!label) return null;
  const clean = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!clean) return null;
  const name = ALIASES[clean] ?? clean;
  return canDecode(name) ? name : null;
}

/** The charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m ? m[2]! : null;
}

function bomCharset(raw: Buffer): [charset: string, length: number] | null {
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return ['utf-8', 3];
  if (raw[0] === 0xff && raw[1] === 0xfe) return ['utf-16le', 2];
  if (raw[0] === 0xfe && raw[1] === 0xff) return ['utf-16be', 2];
  return null;
}

/** Charset declared inside the document: XML declaration, <meta charset>, or <meta http-equiv>. */
export function declaredCharset(raw: Buffer): string | null {
  const head = raw.subarray(0, SNIFF_BYTES).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1]!;
  const meta = /<meta[^>]+?charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  if (meta) return meta[1]!;
  return null;
}

/** True when the bytes are well-formed UTF-8 (a cut-off sequence at the very end is tolerated). */
export function isValidUtf8(raw: Buffer): boolean {
  if (isUtf8(raw)) return true;
  // A truncated body may end mid-character: drop an incomplete trailing sequence and look again.
  let lead = raw.length - 1;
  while (lead >= 0 && raw.length - lead <= 3 && (raw[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0 || raw[lead]! < 0xc2 || raw.length - lead > 3) return false;
  const need = raw[lead]! >= 0xf0 ? 4 : raw[lead]! >= 0xe0 ? 3 : 2;
  return raw.length - lead < need && isUtf8(raw.subarray(0, lead));
}

function hasHighBytes(raw: Buffer): boolean {
  for (const b of raw) if (b >= 0x80) return true;
  return false;
}

// Frequent lower-case Cyrillic letters: о е а и н т с р в л. A text decoded with
// the right single-byte table is dominated by lower case; with the wrong one by capitals.
const FREQUENT_LOWER = 'оеаинтсрвлкмдпуяыь';

function cyrillicScore(text: string): number {
  let lower = 0;
  let upper = 0;
  let frequent = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c >= 0x0430 && c <= 0x044f) {
      lower++;
      if (FREQUENT_LOWER.includes(ch)) frequent++;
    } else if (c >= 0x0410 && c <= 0x042f) upper++;
  }
  return lower + frequent - 3 * upper;
}

// Kana and common kanji dominate Japanese text; mojibake produces rare CJK and half-width katakana.
function japaneseScore(text: string): number {
  let score = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c >= 0x3040 && c <= 0x30ff) score += 2; // hiragana, katakana
    else if (c >= 0x4e00 && c <= 0x9fff) score += 1; // CJK ideographs
    else if (c >= 0x3000 && c <= 0x303f) score += 1; // CJK punctuation
    else if (c >= 0xff61 && c <= 0xff9f) score -= 2; // half-width katakana: typical of the wrong table
    else if (c === 0xfffd) score -= 5;
  }
  return score;
}

/** Guesses the charset of bytes that are not valid UTF-8. */
export function detectCharset(raw: Buffer): string {
  if (!hasHighBytes(raw) || isValidUtf8(raw)) return 'utf-8';
  const sample = raw.subarray(0, 64 * 1024);
  const candidates: [string, number][] = [];
  for (const cs of ['windows-1251', 'koi8-r']) candidates.push([cs, cyrillicScore(decodeWith(sample, cs))]);
  for (const cs of ['shift_jis', 'euc-jp']) candidates.push([cs, japaneseScore(decodeWith(sample, cs))]);
  candidates.sort((a, b) => b[1] - a[1]);
  const [best, score] = candidates[0]!;
  return score > 0 ? best : 'windows-1252';
}

/**
 * Decodes a body: `override` (registry), then BOM, then the HTTP charset, then the
 * XML declaration or <meta>, then detection. A declared utf-8 that is not valid
 * UTF-8 is treated as undeclared, because Russian sites often send windows-1251
 * under a default "charset=utf-8" header.
 *
 * @example decodeBody(Buffer.from([0xcf, 0xf0, 0xe8]), 'text/html') // { text: 'При', charset: 'windows-1251' }
 */
export function decodeBody(raw: Buffer, contentType?: string, override?: string): DecodedBody {
  if (override) {
    const cs = normaliseCharset(override);
    if (!cs) throw new UnknownCharsetError(`unknown encoding override "${override}"`);
    return { text: stripBom(decodeWith(raw, cs)), charset: cs };
  }
  const bom = bomCharset(raw);
  if (bom) return { text: decodeWith(raw.subarray(bom[1]), bom[0]), charset: bom[0] };

  for (const label of [charsetFromContentType(contentType), declaredCharset(raw)]) {
    const cs = normaliseCharset(label);
    if (!cs) continue;
    if (cs === 'utf-8' && !isValidUtf8(raw)) break; // the label lies: detect
    // A page that declares a single-byte table but is valid multi-byte UTF-8 is mislabelled too.
    if (cs !== 'utf-8' && !cs.startsWith('utf-16') && hasHighBytes(raw) && isValidUtf8(raw) && looksLikeUtf8Text(raw)) {
      return { text: raw.toString('utf8'), charset: 'utf-8' };
    }
    return { text: decodeWith(raw, cs), charset: cs };
  }
  const cs = detectCharset(raw);
  return { text: decodeWith(raw, cs), charset: cs };
}

// Valid UTF-8 by chance in a single-byte text is rare but possible in short runs;
// demand a real share of multi-byte sequences before overruling a declaration.
function looksLikeUtf8Text(raw: Buffer): boolean {
  let multi = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i]! >= 0xc2 && raw[i]! <= 0xf4) multi++;
  return multi >= 8;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
