/**
 * Dates found in metadata. Only strings that carry their own offset (ISO 8601 with a zone,
 * RFC 2822, epoch) become an instant; a local date without a zone stays text, because the
 * pipeline knows the source's time zone and we do not.
 */

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[+-]\d{2})$/i;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/;
const RFC_2822 = /^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|GMT|UTC|UT|Z|[ECMP][SD]T)$/;
const EPOCH = /^\d{10}(?:\d{3})?$/;

const EARLIEST = Date.UTC(1990, 0, 1);

export interface ParsedDate {
  /** ISO 8601 UTC when the string names an instant. */
  iso: string | null;
  /** The string itself when it is a date without a zone, for the pipeline to place. */
  text: string | null;
}

export function parseMetadataDate(raw: string | undefined | null, now = Date.now()): ParsedDate {
  const value = raw?.trim();
  if (!value) return { iso: null, text: null };
  let ms = Number.NaN;
  if (ISO_WITH_ZONE.test(value)) {
    // Offsets written "+0300" or "+03" are ISO but not what Date.parse accepts everywhere.
    const normalised = value
      .replace(' ', 'T')
      .replace(',', '.')
      .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
      .replace(/([+-]\d{2})$/, '$1:00');
    ms = Date.parse(normalised);
  } else if (RFC_2822.test(value)) {
    ms = Date.parse(value);
  } else if (EPOCH.test(value)) {
    ms = value.length === 10 ? Number(value) * 1000 : Number(value);
  } else if (ISO_LOCAL.test(value)) {
    return { iso: null, text: value };
  } else {
    return { iso: null, text: null };
  }
  // A date from the far past or more than a day ahead is a template default, not a publication.
  if (Number.isNaN(ms) || ms < EARLIEST || ms > now + 86_400_000) return { iso: null, text: null };
  return { iso: new Date(ms).toISOString(), text: null };
}

const MONTHS_RU = 'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|нояб|дек';
const MONTHS_EN =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const TIME = String.raw`\d{1,2}:\d{2}`;
/** Japanese pages print digits full-width (２０１９年９月２０日) as often as ASCII. */
const JA_D = '[0-9０-９]';
const JA_TIME = String.raw`(?:\s*(?:午前|午後)?${JA_D}{1,2}時(?:${JA_D}{1,2}分)?|\s*${JA_D}{1,2}[:：]${JA_D}{2})?`;

/** Human-readable dates as pages print them, most specific first. */
const HUMAN_DATE_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`(?:${TIME},?\s+)?\d{1,2}\.\d{1,2}\.\d{4}(?:,?\s+(?:в\s+)?${TIME})?`),
  new RegExp(String.raw`\d{1,2}\s+(?:${MONTHS_RU})\.?\s+\d{4}(?:\s*(?:года|г\.?))?(?:,?\s+(?:в\s+)?${TIME})?`, 'i'),
  new RegExp(String.raw`(?:${MONTHS_EN})\.?\s+\d{1,2},?\s+\d{4}(?:,?\s+(?:at\s+)?${TIME}(?:\s*[ap]\.?m\.?)?)?`, 'i'),
  new RegExp(String.raw`\d{1,2}\s+(?:${MONTHS_EN})\.?,?\s+\d{4}(?:,?\s+${TIME})?`, 'i'),
  new RegExp(String.raw`(?:${JA_D}{4}年\s*(?:[(（](?:令和|平成)(?:元|${JA_D}{1,2})年[)）]\s*)?|(?:令和|平成|昭和|㋿|㍻)\s*(?:元|${JA_D}{1,2})年\s*)?${JA_D}{1,2}月\s*${JA_D}{1,2}日(?:\s*[(（][月火水木金土日][)）])?${JA_TIME}`),
  new RegExp(String.raw`(?<![A-Za-z0-9])[RHS]\s?\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d.])`),
  /\d{4}\/\d{1,2}\/\d{1,2}(?:\s+\d{1,2}:\d{2})?/,
];

/** The first human-readable date in a piece of text, as written. */
export function findDateText(text: string): string | null {
  let best: { index: number; value: string } | null = null;
  for (const pattern of HUMAN_DATE_PATTERNS) {
    const m = pattern.exec(text);
    if (m && (!best || m.index < best.index)) best = { index: m.index, value: m[0].trim() };
  }
  return best?.value ?? null;
}
