/**
 * The source registry format: one JSON object per source. Sources are data; this schema
 * is the one place that says what a valid entry is, and every message it produces is
 * meant for the person editing the JSON file.
 */
import { canDecode } from '../http/text-decoders.js';
import { selectorProblem } from './css-selector-check.js';
import * as z from '../core/schema.js';

export const SOURCE_KINDS = ['rss', 'atom', 'html-list', 'json'] as const;
export const SOURCE_LANGS = ['ru', 'en', 'ja'] as const;
export const JSON_DATE_FORMATS = ['text', 'epoch-ms', 'epoch-s'] as const;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const kebabId = z.string().check(z.regex(KEBAB, 'must be kebab-case (lower-case letters, digits, single hyphens)'));
// Checked as cheerio will read it, so a typo stops the load here, not a poll later.
const selector = z.string().check(
  z.trim(),
  z.minLength(1, 'must be a non-empty CSS selector'),
  z.superRefine((value, ctx) => {
    if (!value) return; // minLength has said it
    const problem = selectorProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `is not a CSS selector cheerio can use (${JSON.stringify(value)}): ${problem}` });
  }),
);
const dotPath = z.string().check(z.regex(/^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/, 'must be a dot path like "data.items"'));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isCharset(name: string): boolean {
  // The fetcher decodes with the same TextDecoder, so that is the authority on names.
  return canDecode(name);
}

const httpUrl = z.string().check(
  z.refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL'),
);

function isCalendarDay(v: string): boolean {
  // Date.parse rolls 02-30 over to March rather than refusing it, so compare the round trip.
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

const isoDay = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like "2026-12-04"'),
  z.refine(isCalendarDay, 'is not a real calendar date'),
);

/**
 * Where an entry's URL and selectors came from. Without it the entry is a guess from the
 * site's known structure; `rujp sources --check` says so, so a user can tell the two apart.
 */
export const provenanceSchema = z.strictObject({
  /** What the entry was checked against: the site's real pages or feed, or public code that scrapes it (URL). */
  against: z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'must name at least one page, feed or public code')),
  /** The day of that check. */
  on: isoDay,
  /** What was confirmed (feed URL, list markup, article markup, date format, encoding). */
  what: z.optional(z.string()),
  /** Whether the live site itself was fetched on that day, or only stored copies or code about it. */
  live: z._default(z.boolean(), false),
});

/** Selectors on an html-list page (cheerio CSS), each relative to one list item. */
export const listSelectorsSchema = z.strictObject({
  /** Matches each news entry on the list page. */
  item: selector,
  /** The link inside the entry; default: the entry itself when it is an <a>, else its first a[href]. */
  link: z.optional(selector),
  /** Title text; default: the link's text. */
  title: z.optional(selector),
  /** Date text, parsed with the source's zone and language; a `datetime` attribute wins over the text. */
  date: z.optional(selector),
  summary: z.optional(selector),
});

/** Dot paths into a JSON list response. */
export const jsonFieldsSchema = z.strictObject({
  /** Path to the array of entries; "" when the response itself is the array. */
  items: z.union([z.literal(''), dotPath]),
  title: dotPath,
  url: dotPath,
  date: z.optional(dotPath),
  dateFormat: z._default(z.enum(JSON_DATE_FORMATS), 'text'),
  summary: z.optional(dotPath),
});

/** Selectors for the article pages, for sites the generic extractor gets wrong. */
export const articleSelectorsSchema = z.strictObject({
  body: z.optional(selector),
  title: z.optional(selector),
  date: z.optional(selector),
  lead: z.optional(selector),
  /** Noise inside the body to drop (share buttons, related news). */
  remove: z._default(z.array(selector), []),
});

export const sourceTagsSchema = z.strictObject({
  /** ISO 3166 alpha-2 of the country the source speaks for ('ru', 'jp'). */
  country: z.optional(z.string().check(z.regex(/^[a-z]{2}$/, 'must be a two-letter lower-case country code'))),
  /** Russian federal subjects, kebab-case English ('primorsky-krai'). */
  regions: z._default(z.array(kebabId), []),
  /** Japanese prefectures, romaji kebab-case ('hokkaido'). */
  prefectures: z._default(z.array(kebabId), []),
  organisation: z.optional(z.string().check(z.minLength(1))),
});

export const sourceEntrySchema = z
  .strictObject({
    id: kebabId,
    name: z.string().check(z.trim(), z.minLength(1, 'must not be empty')),
    lang: z.enum(SOURCE_LANGS),
    kind: z.enum(SOURCE_KINDS),
    url: httpUrl,
    homepage: z.optional(httpUrl),
    /** The site has no TLS: an http:// url is then accepted (say why in notes). */
    plainHttp: z._default(z.boolean(), false),
    /** Charset to decode with whatever the server claims. */
    encoding: z.optional(z.string().check(z.refine(isCharset, 'is not a charset this runtime can decode'))),
    /** Accept header override (Kommersant answered 406 to application/rss+xml). */
    accept: z.optional(z.string().check(z.minLength(1))),
    timeZone: z._default(z.string().check(z.refine(isTimeZone, 'must be an IANA time zone like "Europe/Moscow"')), 'Europe/Moscow'),
    cadenceMinutes: z._default(z.number().check(z.int(), z.minimum(5, 'must be at least 5 (be polite)'), z.maximum(10080)), 60),
    maxItems: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(500)), 30),
    list: z.optional(listSelectorsSchema),
    fields: z.optional(jsonFieldsSchema),
    article: z.optional(articleSelectorsSchema),
    tags: z._default(sourceTagsSchema, { regions: [], prefectures: [] }),
    enabled: z._default(z.boolean(), true),
    notes: z.optional(z.string()),
    checked: z.optional(provenanceSchema),
  })
  .check(
    z.superRefine((s, ctx) => {
      if (s.url.startsWith('http:') && !s.plainHttp) {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'must be an https URL (if the site has no TLS, set "plainHttp": true and say so in "notes")',
        });
      }
      if (s.kind === 'html-list' && !s.list) {
        ctx.addIssue({ code: 'custom', path: ['list'], message: 'is required for kind "html-list" (at least "item")' });
      }
      if (s.kind !== 'html-list' && s.list) {
        ctx.addIssue({ code: 'custom', path: ['list'], message: `is only read for kind "html-list", not "${s.kind}"` });
      }
      if (s.kind === 'json' && !s.fields) {
        ctx.addIssue({ code: 'custom', path: ['fields'], message: 'is required for kind "json" (items, title, url)' });
      }
      if (s.kind !== 'json' && s.fields) {
        ctx.addIssue({ code: 'custom', path: ['fields'], message: `is only read for kind "json", not "${s.kind}"` });
      }
    }),
  );

/** A registry entry with its defaults applied. */
export type SourceEntry = z.infer<typeof sourceEntrySchema>;
/** A registry entry as written in the JSON file. */
export type SourceEntryInput = z.input<typeof sourceEntrySchema>;
export type SourceKind = (typeof SOURCE_KINDS)[number];
