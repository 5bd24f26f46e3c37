/**
 * The page's language: a declared tag when there is one, else the script its text is
 * written in. The feed only needs ru / ja / en, so script counting is enough; it never guesses
 * a Latin-script language other than English unless a page says so.
 */
export function normaliseLangTag(tag: string | undefined | null): string | null {
  const m = tag?.trim().match(/^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/i);
  return m ? m[1]!.toLowerCase() : null;
}

const ENGLISH_WORDS = /\b(?:the|and|of|to|in|is|that|for|with|was|on)\b/gi;

/** Whether at least `n` common English words occur; stops at the n-th rather than listing all. */
function hasEnglishWords(text: string, n: number): boolean {
  ENGLISH_WORDS.lastIndex = 0;
  let found = 0;
  while (found < n && ENGLISH_WORDS.exec(text)) found++;
  return found >= n;
}

export function detectLangFromText(text: string): string | null {
  const sample = text.slice(0, 4000);
  let cyrillic = 0;
  let kana = 0;
  let han = 0;
  let latin = 0;
  // By UTF-16 unit rather than code point: every range counted is in the BMP, and the halves
  // of a surrogate pair fall in none of them, so the counts are the same at a fraction of the cost.
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff)) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  const letters = cyrillic + kana + han + latin;
  if (letters < 20) return null;
  if (kana > 0 && (kana + han) / letters > 0.3) return 'ja';
  if (cyrillic / letters > 0.4) return 'ru';
  if (han / letters > 0.4) return 'zh';
  if (latin / letters > 0.6) {
    return hasEnglishWords(sample, 3) ? 'en' : null;
  }
  return null;
}

/**
 * A declared language is trusted unless the text plainly disagrees: many Russian regional
 * sites ship a template with lang="en".
 */
export function chooseLang(declared: string | null, detected: string | null): string | null {
  if (!declared) return detected;
  if (detected && detected !== declared && ['ru', 'ja', 'zh', 'en'].includes(declared)) return detected;
  return declared;
}
