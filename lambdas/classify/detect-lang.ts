import type { Lang } from '../core/types.js';

const SAMPLE_CHARS = 6000;

// Function words that make up a large share of running text in each Latin-script language.
const STOPWORDS: Record<string, Set<string>> = {
  en: new Set('the of and to in is was for on with that by as at from are it be has have this which said will its an'.split(' ')),
  de: new Set('der die und das ist nicht mit den von zu für auf dem ein eine sich des im'.split(' ')),
  fr: new Set('le la les et des est une un du dans pour que qui sur au pas avec par'.split(' ')),
  es: new Set('el la los las y de que en un una por con para es del se al'.split(' ')),
};

/**
 * The language of a text from its scripts and, for Latin script, its function words.
 * Returns 'ru', 'uk', 'en', 'ja', 'zh', 'ko', 'de', 'fr', 'es', or 'und' when nothing can be told
 * (no letters, or Latin text in none of the known languages).
 */
export function detectLang(text: string): Lang {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  let cyr = 0;
  let ukr = 0;
  let latin = 0;
  let kana = 0;
  let han = 0;
  let hangul = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
    else if (c >= 0x400 && c <= 0x4ff) {
      cyr++;
      // і ї є ґ occur in Ukrainian and not in Russian.
      if (c === 0x456 || c === 0x457 || c === 0x454 || c === 0x491 || c === 0x406 || c === 0x407 || c === 0x404) ukr++;
    } else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0xac00 && c <= 0xd7af) hangul++;
  }
  const letters = cyr + latin + kana + han + hangul;
  if (letters === 0) return 'und';
  if (hangul / letters > 0.3) return 'ko';
  if ((kana + han) / letters > 0.3) return kana > 0 ? 'ja' : 'zh';
  if (cyr >= latin) return ukr / cyr > 0.01 ? 'uk' : 'ru';
  return latinLanguage(sample);
}

function latinLanguage(sample: string): Lang {
  const words = sample.toLowerCase().match(/[a-zà-ÿ]+/g) ?? [];
  if (words.length === 0) return 'und';
  let best: Lang = 'und';
  let bestShare = 0;
  for (const [lang, stop] of Object.entries(STOPWORDS)) {
    let hits = 0;
    for (const w of words) if (stop.has(w)) hits++;
    const share = hits / words.length;
    if (share > bestShare) {
      best = lang;
      bestShare = share;
    }
  }
  // Headlines are short and light on function words; a proper-noun-only title still reads as English
  // when it has any English function word, and as undetermined when it has none.
  if (bestShare === 0) return words.length <= 12 ? 'en' : 'und';
  return bestShare >= 0.05 || words.length < 20 ? best : 'und';
}
