/**
 * htmlparser2's Tokenizer (HTML mode, entities left to the caller) rewritten to jump: it finds
 * the next '<', closing quote or '>' with indexOf, where the original steps through a state
 * machine one character at a time; attribute values and text, most of a page's bytes, are never
 * looked at character by character. Every token and every quirk is the original's, down to what
 * it makes of a page cut off inside a tag, because build-document.ts rebuilds htmlparser2's tree
 * from these tokens and the extractor was tuned on that tree. Positions are UTF-16 indices.
 */
export interface TokenHandler {
  /** Text whose entities are still to be decoded. */
  ontext(start: number, end: number): void;
  /** Text never decoded: of <script>, <style>, <textarea> or <xmp>, or what is left of a cut tag. */
  onrawtext(start: number, end: number): void;
  /** A skipped range, which reads as one space of text. */
  onskipped(): void;
  onopentagname(start: number, end: number): void;
  /** An attribute; valueStart < 0 when it has no value. */
  onattribute(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void;
  onopentagend(): void;
  onselfclosingtag(): void;
  onclosetag(start: number, end: number): void;
  oncomment(start: number, end: number): void;
  oncdata(start: number, end: number): void;
  ondeclaration(start: number, end: number): void;
  onprocessinginstruction(start: number, end: number): void;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const BANG = 0x21;
const QUESTION = 0x3f;
const DASH = 0x2d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LBRACKET = 0x5b;
const AMP = 0x26;

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
const isEndOfTagSection = (c: number) => c === SLASH || c === GT || isWhitespace(c);
const isAsciiAlpha = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

interface SpecialTag {
  /** What ends it, lower-case: '</script', '</title', ... */
  end: string;
  /** Only text in a title-like tag has its entities decoded. */
  decoded: boolean;
}

const SCRIPT: SpecialTag = { end: '</script', decoded: false };
const STYLE: SpecialTag = { end: '</style', decoded: false };
const TITLE: SpecialTag = { end: '</title', decoded: true };
const TEXTAREA: SpecialTag = { end: '</textarea', decoded: false };
const XMP: SpecialTag = { end: '</xmp', decoded: false };

/**
 * The original recognises raw-text tags from their first two letters and then the letters of
 * the closing sequence, so <xitle> reads like <title> and <tmp> like <xmp>; kept, as it is theirs.
 */
function specialTagOf(html: string, start: number, end: number): SpecialTag | null {
  const special = specialPrefix(html, start, end);
  if (!special) return null;
  // The name must be exactly the first two letters plus the rest of the closing sequence.
  if (end - start !== special.end.length - 2) return null;
  return matchesFrom(html, start + 2, end, special, 4) ? special : null;
}

function specialPrefix(html: string, start: number, end: number): SpecialTag | null {
  if (end - start < 2) return null;
  const first = html.charCodeAt(start) | 0x20;
  const second = html.charCodeAt(start + 1) | 0x20;
  if (first === 0x73) return second === 0x63 ? SCRIPT : second === 0x74 ? STYLE : null;
  if (first === 0x74 || first === 0x78) return second === 0x69 ? TITLE : second === 0x65 ? TEXTAREA : second === 0x6d ? XMP : null;
  return null;
}

function matchesFrom(html: string, from: number, to: number, special: SpecialTag, offset: number): boolean {
  for (let i = from, k = offset; i < to; i++, k++) {
    if ((html.charCodeAt(i) | 0x20) !== special.end.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * A tag name cut off by the end of input is dropped, unless the original was still matching it
 * against a raw-text tag: then what was read of it is text.
 */
function cutNameIsText(html: string, start: number, end: number): boolean {
  const first = html.charCodeAt(start) | 0x20;
  if (end - start === 1) return first === 0x73 || first === 0x74 || first === 0x78;
  const special = specialPrefix(html, start, end);
  return !!special && end - start <= special.end.length - 2 && matchesFrom(html, start + 2, end, special, 4);
}

/**
 * Tokenizes html as if each of the `skip` ranges ([start, end, ...], sorted, each starting at a
 * '<') were a single space. That holds when every range starts where text is being read; when
 * one does not, this returns false and the caller has to tokenize the string with the spaces in.
 */
export function tokenize(html: string, handler: TokenHandler, skip: readonly number[] = []): boolean {
  return new Scanner(html, handler, skip).run();
}

class Scanner {
  private readonly len: number;
  /** Start of the text run being read. */
  private textStart = 0;
  /** Where to look for the next '<'. */
  private from = 0;
  /**
   * Set when the input ends inside a construct: where the rest of the input is (raw) text, or
   * null when nothing is left. -1 reproduces the original, which flushes from its "no section"
   * marker in two states and so reads the input's last character as text.
   */
  private tail: number | null | undefined = undefined;

  /** Index in skip of the next range to step over. */
  private nextSkip = 0;

  constructor(
    private readonly html: string,
    private readonly handler: TokenHandler,
    private readonly skip: readonly number[],
  ) {
    this.len = html.length;
  }

  run(): boolean {
    const { html, handler, len, skip } = this;
    let skipAt = skip.length > 0 ? skip[0]! : len;
    while (this.tail === undefined) {
      // A construct that ran into a range read it as markup, not as the space it stands for.
      if (this.from > skipAt) return false;
      const lt = html.indexOf('<', this.from);
      if (lt < 0) {
        if (this.textStart < len) handler.ontext(this.textStart, len);
        return this.nextSkip === skip.length;
      }
      if (lt > this.textStart) handler.ontext(this.textStart, lt);
      if (lt === skipAt) {
        handler.onskipped();
        this.resume(skip[this.nextSkip + 1]!);
        this.nextSkip += 2;
        skipAt = this.nextSkip < skip.length ? skip[this.nextSkip]! : len;
        continue;
      }
      this.textStart = lt;
      const p = lt + 1;
      if (p >= len) {
        this.tail = lt;
        break;
      }
      const c = html.charCodeAt(p);
      if (isAsciiAlpha(c)) this.openTag(p);
      else if (c === SLASH) this.closeTag(lt, p + 1);
      else if (c === BANG) this.declaration(p + 1);
      else if (c === QUESTION) this.processingInstruction(p + 1);
      // Not a tag: the '<' stays text and the next character is read again as text.
      else this.from = p;
    }
    // A range left over began inside the construct the input ended in.
    if (this.nextSkip < skip.length) return false;
    // Only text read as text has its entities decoded; the rest of a cut construct is as written.
    const tail = this.tail;
    if (tail !== null && tail !== undefined && tail < len) handler.onrawtext(tail, len);
    return true;
  }

  private resume(at: number): void {
    this.textStart = this.from = at;
  }

  private afterWhitespace(i: number): number {
    const { html, len } = this;
    while (i < len && isWhitespace(html.charCodeAt(i))) i++;
    return i;
  }

  /** An opening tag whose name starts at `start`. */
  private openTag(start: number): void {
    const { html, handler, len } = this;
    let i = start + 1;
    while (i < len && !isEndOfTagSection(html.charCodeAt(i))) i++;
    if (i >= len) {
      this.tail = cutNameIsText(html, start, i) ? start : null;
      return;
    }
    handler.onopentagname(start, i);
    const special = specialTagOf(html, start, i);
    for (;;) {
      i = this.afterWhitespace(i);
      if (i >= len) return this.cut();
      let c = html.charCodeAt(i);
      if (c === GT) {
        handler.onopentagend();
        return special ? this.specialText(i + 1, special) : this.resume(i + 1);
      }
      if (c === SLASH) {
        i = this.afterWhitespace(i + 1);
        if (i >= len) {
          this.tail = -1;
          return;
        }
        if (html.charCodeAt(i) === GT) {
          // Self-closing: no raw text follows, even after <script/>.
          handler.onselfclosingtag();
          return this.resume(i + 1);
        }
        continue;
      }
      // An attribute name: its first character is taken whatever it is, even '='.
      const nameStart = i;
      i++;
      while (i < len) {
        c = html.charCodeAt(i);
        if (c === EQ || isEndOfTagSection(c)) break;
        i++;
      }
      if (i >= len) return this.cut();
      const nameEnd = i;
      i = this.afterWhitespace(i);
      if (i >= len) return this.cut();
      if (html.charCodeAt(i) !== EQ) {
        handler.onattribute(nameStart, nameEnd, -1, -1);
        continue;
      }
      i = this.afterWhitespace(i + 1);
      if (i >= len) return this.cut();
      c = html.charCodeAt(i);
      if (c === DQUOTE || c === SQUOTE) {
        const close = html.indexOf(c === DQUOTE ? '"' : "'", i + 1);
        if (close < 0) return this.cut();
        handler.onattribute(nameStart, nameEnd, i + 1, close);
        i = close + 1;
      } else {
        // Unquoted: ends at whitespace or '>', not at '/'; a value of just '>' is empty.
        const valueStart = i;
        while (i < len) {
          c = html.charCodeAt(i);
          if (c === GT || isWhitespace(c)) break;
          i++;
        }
        if (i >= len) return this.cut();
        handler.onattribute(nameStart, nameEnd, valueStart, i);
      }
    }
  }

  /** Input that ends inside a tag drops the tag. */
  private cut(): void {
    this.tail = null;
  }

  /**
   * Raw text up to the closing sequence, found as the original finds it: a '<' then the letters,
   * compared with their case bit set, then whitespace or '>'.
   */
  private specialText(start: number, special: SpecialTag): void {
    const { html, handler, len } = this;
    const end = special.end;
    const endLength = end.length;
    // In a title, an '&' read while part of the closing sequence is matched starts no entity.
    const literalAmps: number[] = [];
    let k = 0;
    for (let i = start; i < len; i++) {
      const c = html.charCodeAt(i);
      if (k === endLength) {
        if (c === GT || isWhitespace(c)) {
          const textEnd = i - endLength;
          if (start < textEnd) this.specialTextRun(start, textEnd, special, literalAmps);
          handler.onclosetag(textEnd + 2, i);
          return this.afterClosingName(i);
        }
        k = 0;
      }
      if ((c | 0x20) === end.charCodeAt(k)) k++;
      else if (k === 0) {
        // The original reads a title character by character; elsewhere it jumps to the next '<'.
        if (!special.decoded) {
          const next = html.indexOf('<', i + 1);
          if (next < 0) break;
          i = next;
          k = 1;
        }
      } else {
        if (c === AMP && special.decoded) literalAmps.push(i);
        k = c === LT ? 1 : 0;
      }
    }
    if (start < len) this.specialTextRun(start, len, special, literalAmps);
    this.tail = null;
  }

  private specialTextRun(start: number, end: number, special: SpecialTag, literalAmps: readonly number[]): void {
    const handler = this.handler;
    if (!special.decoded) return handler.onrawtext(start, end);
    let from = start;
    for (const amp of literalAmps) {
      if (amp >= end) break;
      if (from < amp) handler.ontext(from, amp);
      handler.onrawtext(amp, amp + 1);
      from = amp + 1;
    }
    if (from < end) handler.ontext(from, end);
  }

  /** After a closing tag's name, at `i`: skip to '>'. */
  private afterClosingName(i: number): void {
    if (this.html.charCodeAt(i) === GT) return this.resume(i + 1);
    const gt = this.html.indexOf('>', i + 1);
    if (gt < 0) this.tail = -1;
    else this.resume(gt + 1);
  }

  /** After '</', at `i`. */
  private closeTag(lt: number, i: number): void {
    const { html, handler, len } = this;
    i = this.afterWhitespace(i);
    if (i >= len) {
      this.tail = lt;
      return;
    }
    const c = html.charCodeAt(i);
    if (c === GT) {
      // '</>' and '</ >' are text: the text run that holds them goes on.
      this.from = i + 1;
      return;
    }
    if (isAsciiAlpha(c)) {
      const start = i;
      i++;
      while (i < len) {
        const d = html.charCodeAt(i);
        if (d === GT || isWhitespace(d)) break;
        i++;
      }
      if (i >= len) return this.cut();
      handler.onclosetag(start, i);
      return this.afterClosingName(i);
    }
    // '</' and something that cannot start a name: a comment up to the next '>'.
    const gt = html.indexOf('>', i + 1);
    if (gt < 0) {
      this.tail = i;
      return;
    }
    handler.oncomment(i, gt);
    this.resume(gt + 1);
  }

  /** After '<!', at `start`: a comment, CDATA or a declaration. */
  private declaration(start: number): void {
    const { html, len } = this;
    if (start >= len) {
      this.tail = start;
      return;
    }
    const c = html.charCodeAt(start);
    if (c === DASH) {
      if (start + 1 >= len) this.tail = start;
      else if (html.charCodeAt(start + 1) === DASH) this.commentLike(start + 2, '-->', 2);
      else this.declarationBody(start, start + 2);
      return;
    }
    if (c === LBRACKET) {
      const cdata = 'CDATA[';
      for (let k = 0; k < cdata.length; k++) {
        const i = start + 1 + k;
        if (i >= len) {
          this.tail = start;
          return;
        }
        // A mismatch is read again as part of a declaration, so '<![C>' ends at this '>'.
        if (html.charCodeAt(i) !== cdata.charCodeAt(k)) return this.declarationBody(start, i);
      }
      return this.commentLike(start + 7, ']]>', 0);
    }
    this.declarationBody(start, start + 1);
  }

  private declarationBody(start: number, searchFrom: number): void {
    const gt = this.html.indexOf('>', searchFrom);
    if (gt < 0) {
      this.tail = start;
      return;
    }
    this.handler.ondeclaration(start, gt);
    this.resume(gt + 1);
  }

  private processingInstruction(start: number): void {
    const gt = this.html.indexOf('>', start);
    if (gt < 0) {
      this.tail = start;
      return;
    }
    this.handler.onprocessinginstruction(start, gt);
    this.resume(gt + 1);
  }

  /**
   * Comments and CDATA as the original reads them: '<!-->' is an empty comment (it starts as if
   * '--' were already seen), and any run of the closer's first character may precede its end.
   * Input that ends first makes the rest a comment.
   */
  private commentLike(start: number, close: string, matched: number): void {
    const { html, handler, len } = this;
    const isComment = close === '-->';
    let k = matched;
    for (let i = start; i < len; i++) {
      const c = html.charCodeAt(i);
      if (c === close.charCodeAt(k)) {
        if (++k === close.length) {
          if (isComment) handler.oncomment(start, i - 2);
          else handler.oncdata(start, i - 2);
          return this.resume(i + 1);
        }
      } else if (k === 0) {
        const next = html.indexOf(close[0]!, i + 1);
        if (next < 0) break;
        i = next;
        k = 1;
      } else if (c !== close.charCodeAt(k - 1)) k = 0;
    }
    if (start < len) {
      if (isComment) handler.oncomment(start, len);
      else handler.oncdata(start, len);
    }
    this.tail = null;
  }
}
