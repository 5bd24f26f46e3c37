import type { Element } from 'domhandler';
import { textOf } from './dom-utils.js';

/** The article facts a page states in schema.org JSON-LD. */
export interface JsonLdArticle {
  headline?: string;
  datePublished?: string;
  dateModified?: string;
  author?: string;
  image?: string;
  inLanguage?: string;
  url?: string;
  description?: string;
  articleBody?: string;
}

const ARTICLE_TYPES = /^(?:\w+)?(?:Article|Posting|Report)$|^(?:NewsArticle|BlogPosting|WebPage|Report|LiveBlogPosting)$/;

type Json = unknown;

/**
 * Reads every ld+json block (readTagMetadata finds them), tolerating the broken ones real sites ship (trailing commas,
 * raw newlines inside strings, HTML comments around the JSON), and returns the first
 * Article-like object. Pages with several objects usually put the article first or in @graph.
 */
export function readJsonLd(scripts: readonly Element[]): JsonLdArticle | null {
  let fallback: Record<string, Json> | null = null;
  for (const script of scripts) {
    const parsed = parseLenient(textOf(script));
    if (parsed === undefined) continue;
    for (const obj of flatten(parsed)) {
      const types = ([] as Json[]).concat(obj['@type'] ?? []).map(String);
      if (types.some((t) => ARTICLE_TYPES.test(t) && t !== 'WebPage')) return toArticle(obj);
      if (!fallback && types.includes('WebPage') && (obj['headline'] || obj['datePublished'])) fallback = obj;
    }
  }
  return fallback ? toArticle(fallback) : null;
}

function parseLenient(raw: string): Json | undefined {
  const text = raw.replace(/^\s*<!--/, '').replace(/-->\s*$/, '').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      // Raw control characters inside strings and trailing commas are the usual faults.
      return JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return undefined;
    }
  }
}

function* flatten(value: Json, depth = 0): Generator<Record<string, Json>> {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) yield* flatten(v, depth + 1);
    return;
  }
  const obj = value as Record<string, Json>;
  yield obj;
  if (obj['@graph']) yield* flatten(obj['@graph'], depth + 1);
  if (obj['mainEntity']) yield* flatten(obj['mainEntity'], depth + 1);
}

function toArticle(obj: Record<string, Json>): JsonLdArticle {
  return {
    headline: str(obj['headline']) ?? str(obj['name']),
    datePublished: str(obj['datePublished']) ?? str(obj['dateCreated']),
    dateModified: str(obj['dateModified']),
    author: names(obj['author']) ?? names(obj['creator']),
    image: imageUrl(obj['image']) ?? imageUrl(obj['thumbnailUrl']),
    inLanguage: str(obj['inLanguage']) ?? names(obj['inLanguage']),
    url: str(obj['url']) ?? idOf(obj['mainEntityOfPage']),
    description: str(obj['description']),
    articleBody: str(obj['articleBody']),
  };
}

function str(v: Json): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (Array.isArray(v) && typeof v[0] === 'string' && v[0].trim()) return v[0].trim();
  return undefined;
}

function names(v: Json): string | undefined {
  const list = (Array.isArray(v) ? v : [v])
    .map((a) => (typeof a === 'string' ? a : a && typeof a === 'object' ? str((a as Record<string, Json>)['name']) : undefined))
    .filter((a): a is string => !!a && !/^https?:\/\//.test(a));
  return list.length > 0 ? [...new Set(list)].join(', ') : undefined;
}

function imageUrl(v: Json): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) return imageUrl(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, Json>;
    return str(o['url']) ?? str(o['contentUrl']) ?? str(o['@id']);
  }
  return undefined;
}

function idOf(v: Json): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') return str((v as Record<string, Json>)['@id']) ?? str((v as Record<string, Json>)['url']);
  return undefined;
}
