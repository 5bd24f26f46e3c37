import type { Document } from 'domhandler';
import { buildDocument } from './build-document.js';

// Scripts, styles, comments and inline SVG are most of a modern page's bytes and none of its
// text; dropping them before the parser halves parsing time. JSON-LD scripts carry metadata and stay.
const INERT_OPEN = /<(script|style|svg)\b[^>]*>|<!--/gi;
const CLOSERS: Record<string, RegExp> = { script: /<\/script\s*>/gi, style: /<\/style\s*>/gi, svg: /<\/svg\s*>/gi };
const COMMENT_CLOSE = '-->';
const JSON_LD_OPEN = /ld\+json/i;

/** One forward scan: find an opening, jump to its closing, keep what lies between the two. */
export function stripInert(html: string): string {
  const parts: string[] = [];
  let kept = 0;
  INERT_OPEN.lastIndex = 0;
  for (let m = INERT_OPEN.exec(html); m; m = INERT_OPEN.exec(html)) {
    const start = m.index;
    let end: number;
    if (m[1]) {
      const closer = CLOSERS[m[1].toLowerCase()]!;
      closer.lastIndex = start + m[0].length;
      const c = closer.exec(html);
      end = c ? c.index + c[0].length : html.length;
      if (m[1].toLowerCase() === 'script' && JSON_LD_OPEN.test(m[0])) {
        INERT_OPEN.lastIndex = end;
        continue;
      }
    } else {
      const c = html.indexOf(COMMENT_CLOSE, start + 4);
      end = c >= 0 ? c + COMMENT_CLOSE.length : html.length;
    }
    parts.push(html.slice(kept, start), ' ');
    kept = end;
    INERT_OPEN.lastIndex = end;
  }
  if (kept === 0) return html;
  parts.push(html.slice(kept));
  return parts.join('');
}

/** The same htmlparser2 tree cheerio builds, without cheerio's wrapper, which costs as much again. */
export function parsePage(html: string): Document {
  return buildDocument(stripInert(html));
}
