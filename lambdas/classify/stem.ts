import snowball from 'snowball-stemmers';

const russian = snowball.newStemmer('russian');
const english = snowball.newStemmer('english');

// News vocabulary repeats heavily across items, so a memo turns the Snowball cost into a map lookup.
// The bound keeps a long-running Lambda from growing without limit on odd input.
const MEMO_LIMIT = 200_000;
const memo = new Map<string, string>();

const CYRILLIC = /[\u0400-\u04FF]/;

/** Stem one lowercase word: Russian Snowball for Cyrillic, English Snowball for Latin, digits as they are. */
export function stemWord(lower: string): string {
  const known = memo.get(lower);
  if (known !== undefined) return known;
  let stem: string;
  if (CYRILLIC.test(lower)) stem = russian.stem(lower.replace(/ё/g, 'е'));
  else if (/[a-z]/.test(lower)) stem = english.stem(lower);
  else stem = lower;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(lower, stem);
  return stem;
}
