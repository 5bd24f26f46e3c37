const WORD_CHAR = /[\p{L}\p{N}]/u;

// What the Unicode test said for each UTF-16 unit: 0 not asked yet, 1 a letter or digit, 2 not.
// Filled on first sight, so a page in Cyrillic or kanji asks the regex once per distinct
// character rather than once per character, and a cold start fills nothing it does not need.
const VERDICTS = new Uint8Array(0x10000);

/**
 * How many letters and digits a string holds, by UTF-16 unit as the block scorer counts them:
 * whitespace and punctuation do not make text longer. Surrogate halves are neither.
 */
export function countWordChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) n++;
    } else if (c !== 0xa0) {
      let verdict = VERDICTS[c]!;
      if (verdict === 0) {
        verdict = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
        VERDICTS[c] = verdict;
      }
      if (verdict === 1) n++;
    }
  }
  return n;
}

/** Whether a string holds any letter or digit, as /[\p{L}\p{N}]/u tests it. */
export function hasWordChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A letter outside the BMP is a surrogate pair: only the regex sees it whole.
      if (WORD_CHAR.test(text.slice(i, i + 2))) return true;
    } else if (c < 128) {
      if ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) return true;
    } else if (c !== 0xa0) {
      let verdict = VERDICTS[c]!;
      if (verdict === 0) {
        verdict = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
        VERDICTS[c] = verdict;
      }
      if (verdict === 1) return true;
    }
  }
  return false;
}
