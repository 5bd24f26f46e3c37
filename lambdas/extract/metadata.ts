import type { Element } from 'domhandler';
import type { BuiltPage } from './build-document.js';
import { parseMetadataDate, findDateText } from './date-parse.js';
import { classAndId, collapseWhitespace, textOf, textWithin } from './dom-utils.js';
import type { JsonLdArticle } from './metadata-json-ld.js';
import type { TagMetadata } from './metadata-tags.js';
import { normaliseLangTag } from './language.js';

/** Metadata merged by trust: JSON-LD, then OpenGraph and other <meta>, then <time>, then page text. */
export interface PageMetadata {
  title: string;
  publishedAt: string | null;
  dateText: string | null;
  author: string | null;
  declaredLang: string | null;
  image: string | null;
  canonicalUrl: string | null;
  description: string | null;
}

const DATE_META_KEYS = [
  'article:published_time', 'og:article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate',
  'publish-date', 'publish_date', 'dc.date.issued', 'dc.date', 'dcterms.created', 'dcterms.date', 'sailthru.date',
  'parsely-pub-date', 'article.published', 'published_time', 'citation_publication_date', 'og:published_time',
  'mediator_published_time', 'ya:ovs:upload_date',
] as const;

export function mergeMetadata(page: BuiltPage, jsonLd: JsonLdArticle | null, tags: TagMetadata, baseUrl?: string): PageMetadata {
  const m = tags.meta;
  const title = chooseTitle(jsonLd?.headline, m.get('og:title') ?? m.get('twitter:title'), tags.h1s, tags.documentTitle);

  let publishedAt: string | null = null;
  let dateText: string | null = null;
  const dateCandidates = [jsonLd?.datePublished, ...DATE_META_KEYS.map((k) => m.get(k)), ...tags.times.map((t) => t.datetime)];
  for (const raw of dateCandidates) {
    const parsed = parseMetadataDate(raw);
    if (parsed.iso) {
      publishedAt = parsed.iso;
      break;
    }
    dateText ??= parsed.text;
  }
  if (!publishedAt && !dateText) {
    for (const t of tags.times) {
      dateText = findDateText(t.text);
      if (dateText) break;
    }
  }
  if (!publishedAt && !dateText) dateText = findDateNearMarkers(page);
  if (publishedAt) dateText = null;

  const authorMeta = m.get('author') ?? m.get('article:author') ?? m.get('dc.creator') ?? m.get('byl') ?? m.get('sailthru.author');
  const author =
    jsonLd?.author ??
    (authorMeta && !/^https?:\/\//.test(authorMeta) ? authorMeta : undefined) ??
    cleanAuthor(tags.authorTexts[0]) ??
    null;

  const image = absolutise(jsonLd?.image ?? m.get('og:image') ?? m.get('og:image:url') ?? m.get('twitter:image') ?? m.get('twitter:image:src'), baseUrl);
  const canonicalUrl = absolutise(tags.canonical ?? m.get('og:url') ?? jsonLd?.url, baseUrl);
  const description = jsonLd?.description ?? m.get('og:description') ?? m.get('description') ?? m.get('twitter:description') ?? null;
  const declaredLang =
    normaliseLangTag(tags.htmlLang) ??
    normaliseLangTag(jsonLd?.inLanguage) ??
    normaliseLangTag(m.get('og:locale')) ??
    normaliseLangTag(m.get('content-language')) ??
    null;

  return {
    title,
    publishedAt,
    dateText,
    author: author ? collapseWhitespace(author) : null,
    declaredLang,
    image,
    canonicalUrl,
    description: description ? collapseWhitespace(description) : null,
  };
}

/**
 * The page's own heading is the cleanest title; <title> and og:title often carry the site name.
 * An <h1> is trusted when the metadata title contains it, otherwise metadata wins.
 */
function chooseTitle(headline: string | undefined, ogTitle: string | undefined, h1s: Element[], docTitle: string | undefined): string {
  const meta = collapseWhitespace(headline ?? ogTitle ?? '');
  const reference = `${meta} ${docTitle ?? ''}`.toLowerCase();
  for (const h1 of h1s) {
    const text = collapseWhitespace(textOf(h1));
    if (text.length >= 8 && reference.includes(text.toLowerCase())) return text;
  }
  if (meta) return meta;
  const firstH1 = h1s.map((h) => collapseWhitespace(textOf(h))).find((t) => t.length >= 8);
  if (firstH1) return firstH1;
  return stripSiteName(docTitle ?? '');
}

function stripSiteName(title: string): string {
  const parts = title.split(/\s+[|—–-]\s+|\s+::\s+|\s+»\s+/);
  if (parts.length < 2) return title;
  // The longest part is the headline; site names and sections are short.
  return parts.reduce((a, b) => (b.length > a.length ? b : a));
}

function cleanAuthor(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const cleaned = text.replace(/^(?:by|автор|текст|written by|posted by)\s*:?\s*/i, '').trim();
  return cleaned.length >= 2 && cleaned.length <= 80 ? cleaned : undefined;
}

function absolutise(url: string | undefined, base: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url.trim(), base).toString();
  } catch {
    return /^https?:\/\//.test(url) ? url.trim() : null;
  }
}

const DATE_MARKER = /(?:^|[\s_-])(?:date|time|posted|published|pubdate|meta|byline|dateline|news-date|entry-date|post-date|data)(?:$|[\s_-])/;

/**
 * A human-readable date printed near the article, in an element whose class or id says so.
 * The order is the walk this was first written as: top-level elements last first, each one's
 * elements in page order, only through plain elements (not into <script> or <style>), at most
 * 20 000 of them; the builder's element list gives that order without a walk.
 */
function findDateNearMarkers(page: BuiltPage): string | null {
  const { doc, elements, lastDescendant } = page;
  const topLevel: number[] = [];
  for (let i = 0; i < elements.length; i = lastDescendant[i]! + 1) {
    if (elements[i]!.parent === doc && elements[i]!.type === 'tag') topLevel.push(i);
  }
  let visited = 0;
  for (let t = topLevel.length - 1; t >= 0; t--) {
    const end = lastDescendant[topLevel[t]!]!;
    for (let i = topLevel[t]!; i <= end; i++) {
      const el = elements[i]!;
      if (el.type !== 'tag') {
        i = lastDescendant[i]!;
        continue;
      }
      if (visited++ >= 20_000) return null;
      const names = classAndId(el);
      if (!names || !DATE_MARKER.test(names)) continue;
      const raw = textWithin(el, MAX_DATE_TEXT);
      if (raw === null) continue;
      const text = collapseWhitespace(raw);
      if (text.length < MAX_DATE_TEXT) {
        const found = findDateText(text);
        if (found) return found;
      }
    }
  }
  return null;
}

const MAX_DATE_TEXT = 200;
