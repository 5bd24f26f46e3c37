/**
 * Reads the dates news sites print: RFC 822 in feeds, ISO 8601 in metadata, and the
 * human forms of Russian, English and Japanese pages ("27 июня 2017 09:30",
 * "Oct 27, 2019 10:00", "2019年9月20日"). A date without an offset is wall-clock time
 * in the source's zone; a date without a year is the nearest one not in the future,
 * because news is never dated ahead.
 */

export interface DateOptions {
  /** IANA zone of wall-clock dates (the source's zone). */
  timeZone: string;
  /** The moment of reading: anchors "вчера", "2 hours ago" and dates without a year. */
  now: Date;
  /** Language hint: decides D/M/Y against M/D/Y for slashed dates. */
  lang?: string;
}

interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const RU_MONTHS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^янв/, 1], [/^фев/, 2], [/^мар/, 3], [/^апр/, 4], [/^ма[йяею]/, 5], [/^июн/, 6],
  [/^июл/, 7], [/^авг/, 8], [/^сен/, 9], [/^окт/, 10], [/^ноя/, 11], [/^дек/, 12],
] as const;

const EN_MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/** First year of each Japanese era still seen on prefectural sites (year 1 = 元年). */
const JA_ERAS: Readonly<Record<string, number>> = { 令和: 2019, 平成: 1989, 昭和: 1926 };
/** The one-letter era abbreviations of official lists ("R1.9.20", "H31.4.30"). */
const JA_ERA_LETTERS: Readonly<Record<string, number>> = { r: 2019, h: 1989, s: 1926 };

function eraYear(base: number, year: string): number {
  return base + (year === '元' ? 1 : +year) - 1;
}

function monthFromWord(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  const en = EN_MONTHS[w];
  if (en) return en;
  if (w.length < 3) return null;
  for (const [re, n] of RU_MONTHS) if (re.test(w)) return n;
  return null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what a caller with a bad registry entry needs to see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock time of an instant in a zone. */
export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24, minute: parts.minute ?? 0, second: parts.second ?? 0,
  };
}

function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallTimeIn(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant at which the zone's clocks show this wall time (second pass settles DST edges). */
export function zonedToUtc(w: WallTime, timeZone: string): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  let instant = guess - offsetMs(guess, timeZone);
  const second = guess - offsetMs(instant, timeZone);
  if (second !== instant) instant = second;
  return new Date(instant);
}

function validWall(w: WallTime): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31) return false;
  if (w.hour > 23 || w.minute > 59 || w.second > 60) return false;
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day;
}

function expandYear(yy: number, now: Date): number {
  if (yy >= 100) return yy;
  const pivot = (now.getUTCFullYear() % 100) + 1;
  return yy <= pivot ? 2000 + yy : 1900 + yy;
}

/** A date printed without a year belongs to the latest year in which it is not in the future. */
const FUTURE_TOLERANCE_MS = 36 * 3600_000;

function resolveYearless(w: Omit<WallTime, 'year'>, o: DateOptions, weekday?: number): Date | null {
  const nowYear = wallTimeIn(o.now, o.timeZone).year;
  let nearest: Date | null = null;
  // A printed weekday (9月20日(金)) names the year: the latest past one where the day fell on it,
  // within the seven years after which weekdays repeat; without one, or if none fits, the nearest past year.
  for (let year = nowYear; year >= nowYear - (weekday === undefined ? 1 : 7); year -= 1) {
    const full = { ...w, year };
    if (!validWall(full)) continue; // 29 February in a common year
    const d = zonedToUtc(full, o.timeZone);
    if (d.getTime() - o.now.getTime() > FUTURE_TOLERANCE_MS) continue;
    nearest ??= d;
    if (weekday === undefined || new Date(Date.UTC(year, w.month - 1, w.day)).getUTCDay() === weekday) return d;
  }
  return nearest;
}

const JA_WEEKDAYS = '日月火水木金土';

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EXPLICIT_ZONE_RE = /(?:\b(?:gmt|utc?|z)\b|[+-]\d{4}\b|\b[ecmp][sd]t\b)/i;
const RFC822_RE = /^(?:[a-z]{3},?\s+)?\d{1,2}\s+[a-z]{3,}\s+\d{2,4}\s+\d{1,2}:\d{2}/i;

function parseIso(text: string, o: DateOptions): Date | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const w: WallTime = {
    year: +m[1]!, month: +m[2]!, day: +m[3]!,
    hour: m[4] ? +m[4] : 0, minute: m[5] ? +m[5] : 0, second: m[6] ? +m[6] : 0,
  };
  if (!validWall(w)) return null;
  if (!m[7]) return zonedToUtc(w, o.timeZone);
  const d = new Date(Date.parse(normaliseIsoZone(text)));
  return Number.isNaN(d.getTime()) ? null : d;
}

function normaliseIsoZone(text: string): string {
  // Date.parse wants "+03:00"; sites write "+0300" and "+03" too.
  return text
    .replace(' ', 'T')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
    .replace(/([+-]\d{2})$/, '$1:00');
}

/** Zone written inside the text ("14:05 МСК", "10:00 (UTC+10)"), overriding the source's zone. */
function zoneHint(text: string): { timeZone?: string; fixedOffsetMin?: number; rest: string } {
  // \b is ASCII-only in JS, so Cyrillic words are bounded by explicit lookarounds.
  const msk = /\(?(?<![a-zа-яё])(?:мск|msk)(?![a-zа-яё])\)?/i;
  if (msk.test(text)) return { timeZone: 'Europe/Moscow', rest: text.replace(msk, ' ') };
  const jst = /\(?\bjst\b\)?|日本時間/i;
  if (jst.test(text)) return { timeZone: 'Asia/Tokyo', rest: text.replace(jst, ' ') };
  const off = /\(?\b(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\)?/i.exec(text);
  if (off) {
    const min = (+off[2]! * 60 + (off[3] ? +off[3] : 0)) * (off[1] === '-' ? -1 : 1);
    return { fixedOffsetMin: min, rest: text.replace(off[0], ' ') };
  }
  return { rest: text };
}

const TIME_RE = /(?<![\d.:/-])(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)\s*(a\.?m\.?|p\.?m\.?)?/i;
const JA_TIME_RE = /(午前|午後)?\s*(\d{1,2})時(?:(\d{1,2})分)?/;

function takeTime(text: string): { h: number; mi: number; s: number; rest: string } | null {
  const ja = JA_TIME_RE.exec(text);
  if (ja) {
    let h = +ja[2]!;
    if (ja[1] === '午後' && h < 12) h += 12;
    if (ja[1] === '午前' && h === 12) h = 0;
    return { h, mi: ja[3] ? +ja[3] : 0, s: 0, rest: text.replace(ja[0], ' ') };
  }
  const m = TIME_RE.exec(text);
  if (!m) return null;
  let h = +m[1]!;
  const ampm = m[4]?.toLowerCase().replace(/\./g, '');
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  return { h, mi: +m[2]!, s: m[3] ? +m[3] : 0, rest: text.replace(m[0], ' ') };
}

type DayParts = { year?: number; month: number; day: number; /** 0 = Sunday, when printed */ weekday?: number };

function takeDay(text: string, o: DateOptions): DayParts | null {
  const t = text.toLowerCase();
  let m: RegExpExecArray | null;

  // Japanese: 令和元年9月20日, 2019年（令和元年）9月20日, 2019年9月20日, 9月20日(金)
  m = /(令和|平成|昭和)\s*(元|\d{1,2})年\s*(\d{1,2})月\s*(\d{1,2})日/.exec(text);
  if (m) return { year: eraYear(JA_ERAS[m[1]!]!, m[2]!), month: +m[3]!, day: +m[4]! };
  m = /(?:(\d{4})年\s*(?:\((?:令和|平成)(?:元|\d{1,2})年\)\s*)?)?(\d{1,2})月\s*(\d{1,2})日/.exec(text);
  if (m) {
    const weekday = /^\s*\(([日月火水木金土])(?:曜日?)?\)/.exec(text.slice(m.index + m[0].length));
    return { year: m[1] ? +m[1] : undefined, month: +m[2]!, day: +m[3]!, ...(weekday ? { weekday: JA_WEEKDAYS.indexOf(weekday[1]!) } : {}) };
  }
  // Era letter, year, month, day: R1.9.20, R2.1.5, H31.4.30 (the letter may not follow a word)
  m = /(?<![a-z0-9])([rhs])\s?(\d{1,2})[./](\d{1,2})[./](\d{1,2})(?![\d./])/.exec(t);
  if (m) return { year: eraYear(JA_ERA_LETTERS[m[1]!]!, m[2]!), month: +m[3]!, day: +m[4]! };

  // Year first: 2019/09/20, 2019.09.20, 2019-09-20
  m = /\b(\d{4})[./-](\d{1,2})[./-](\d{1,2})\b/.exec(t);
  if (m) return { year: +m[1]!, month: +m[2]!, day: +m[3]! };

  // Day first with dots (Russian): 04.12.2017, 4.12.17
  m = /\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b/.exec(t);
  if (m) return { year: expandYear(+m[3]!, o.now), month: +m[2]!, day: +m[1]! };

  // Slashes: English pages write M/D/Y, everyone else D/M/Y; a first number over 12 settles it.
  m = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/.exec(t);
  if (m) {
    const a = +m[1]!, b = +m[2]!;
    const monthFirst = o.lang === 'en' ? a <= 12 : b > 12;
    return { year: expandYear(+m[3]!, o.now), month: monthFirst ? a : b, day: monthFirst ? b : a };
  }

  // "20 сентября 2019", "27 October 2019", "20 сентября"
  const dayMonth = /(\d{1,2})(?:-?(?:го|е|st|nd|rd|th))?\s+([a-zа-яё]{3,}\.?)(?:,?\s+(\d{4}))?/g;
  while ((m = dayMonth.exec(t))) {
    const month = monthFromWord(m[2]!);
    if (month) return { year: m[3] ? +m[3] : undefined, month, day: +m[1]! };
  }
  // "October 27", "Oct 27, 2019"
  const monthDay = /([a-z]{3,}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?/g;
  while ((m = monthDay.exec(t))) {
    const month = monthFromWord(m[1]!);
    if (month) return { year: m[3] ? +m[3] : undefined, month, day: +m[2]! };
  }
  return null;
}

const RELATIVE_DAYS: ReadonlyArray<readonly [RegExp, number]> = [
  [/позавчера|一昨日|おととい/i, -2],
  [/вчера|\byesterday\b|昨日/i, -1],
  [/сегодня|\btoday\b|今日|本日/i, 0],
] as const;

const AGO_RE =
  /(\d+)\s*(секунд\S*|сек\.?|минут\S*|мин\.?|час\S*|ч\.|seconds?|mins?|minutes?|hours?|hrs?|秒|分|時間)\s*(?:назад|ago|前)/i;

function parseRelative(text: string, o: DateOptions): Date | null {
  const ago = AGO_RE.exec(text);
  if (ago) {
    const n = +ago[1]!;
    const unit = ago[2]!.toLowerCase();
    const ms = /^(сек|sec|秒)/.test(unit) ? 1000 : /^(мин|min|分)/.test(unit) ? 60_000 : 3600_000;
    return new Date(o.now.getTime() - n * ms);
  }
  for (const [re, shift] of RELATIVE_DAYS) {
    if (!re.test(text)) continue;
    const today = wallTimeIn(o.now, o.timeZone);
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + shift));
    const time = takeTime(text.replace(re, ' '));
    return zonedToUtc(
      {
        year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(),
        hour: time?.h ?? 0, minute: time?.mi ?? 0, second: time?.s ?? 0,
      },
      o.timeZone,
    );
  }
  return null;
}

/**
 * Parses a date as news sites print it; returns null when nothing date-like is found
 * (the caller then falls back to the fetch time and marks the item).
 *
 * @example parseNewsDate('27 июня 2017 09:30', { timeZone: 'Asia/Vladivostok', now }) // 2017-06-26T23:30:00Z
 * @example parseNewsDate('Fri, 20 Sep 2019 13:45:00 +0300', { timeZone: 'UTC', now }) // 2019-09-20T10:45:00Z
 */
export function parseNewsDate(text: string, options: DateOptions): Date | null {
  // NFKC: Japanese pages print full-width digits and brackets (２０１９年９月２０日（金）) and
  // the era ligatures ㋿ and ㍻, which it maps to ASCII digits and 令和 / 平成.
  const clean = text.normalize('NFKC').replace(/[\u00a0\u2009\u202f\s]+/g, ' ').trim();
  if (!clean) return null;

  const iso = parseIso(clean, options);
  if (iso) return iso;

  if (RFC822_RE.test(clean) && EXPLICIT_ZONE_RE.test(clean)) {
    const d = new Date(Date.parse(clean.replace(/\bUTC\b/i, 'GMT')));
    if (!Number.isNaN(d.getTime())) return d;
  }

  const hint = zoneHint(clean);
  const o: DateOptions = hint.timeZone ? { ...options, timeZone: hint.timeZone } : options;

  const relative = parseRelative(hint.rest, o);
  if (relative) return relative;

  const time = takeTime(hint.rest);
  const day = takeDay(time ? time.rest : hint.rest, o);
  if (!day) return null;
  const hms = { hour: time?.h ?? 0, minute: time?.mi ?? 0, second: time?.s ?? 0 };

  if (hint.fixedOffsetMin !== undefined) {
    const year = day.year ?? wallTimeIn(o.now, 'UTC').year;
    const w = { year, month: day.month, day: day.day, ...hms };
    if (!validWall(w)) return null;
    return new Date(Date.UTC(year, day.month - 1, day.day, hms.hour, hms.minute, hms.second) - hint.fixedOffsetMin * 60_000);
  }
  if (day.year === undefined) return resolveYearless({ month: day.month, day: day.day, ...hms }, o, day.weekday);
  const w = { year: day.year, month: day.month, day: day.day, ...hms };
  if (!validWall(w)) return null;
  return zonedToUtc(w, o.timeZone);
}

export interface Dateline {
  /** The place as printed ("ТОКИО", "YUZHNO-SAKHALINSK"). */
  place: string;
  /** The agency named after the date ("ТАСС", "TASS", "РИА Новости"), when present. */
  agency: string | null;
  /** Local midnight of the dateline's day in the source's zone; the year is the nearest past one. */
  date: Date;
}

const DATELINE_RE =
  /^\s*([A-ZА-ЯЁ][A-ZА-ЯЁ.\-' ]{1,40}?)\s*,\s*((?:\d{1,2}\s+[а-яёa-z]{3,}\.?|[a-z]{3,}\.?\s+\d{1,2})(?:\s+\d{4})?)\s*(?:\.\s*\/\s*([^/]{2,30}?)\s*\/|[—–-]\s*([^.\n]{2,30}?)\s*\.)/i;

/**
 * Reads an agency dateline at the start of an article body:
 * "ТОКИО, 20 сентября. /ТАСС/." or "YUZHNO-SAKHALINSK, October 27. /TASS/".
 */
export function parseDateline(text: string, options: DateOptions): Dateline | null {
  const m = DATELINE_RE.exec(text.replace(/\u00a0/g, ' '));
  if (!m) return null;
  const place = m[1]!.trim();
  // A dateline's place is in capitals; a sentence that merely starts with a date is not one.
  if (place !== place.toUpperCase()) return null;
  const date = parseNewsDate(m[2]!, options);
  if (!date) return null;
  return { place, agency: (m[3] ?? m[4])?.trim() ?? null, date };
}
