import type { ExtractedArticle } from '../core/types.js';
import { collectBlocks, collectPageBlocks, type Block, type ElementList, type Owner } from './content-blocks.js';
import { aggregate, findFurniture, isWithin, scoreBlocks, selectMain } from './content-scoring.js';
import { isTailMarker } from './noise-rules.js';
import { findDateText, parseMetadataDate } from './date-parse.js';
import { collapseWhitespace, findFirst } from './dom-utils.js';
import { DEFAULT_MAX_BYTES, guardInput } from './input-guard.js';
import { chooseLang, detectLangFromText } from './language.js';
import { mergeMetadata } from './metadata.js';
import { readJsonLd } from './metadata-json-ld.js';
import { readTagMetadata } from './metadata-tags.js';
import { attributeOf, SourceSelectors, textContent } from './source-selectors.js';
import { parsePage } from './parse-page.js';
import { blocksToParagraphs, cleanLine, joinParagraphs } from './text-serialise.js';

export { ExtractError } from './extract-error.js';

export interface ExtractOptions {
  /** URL of the page, to resolve relative image and canonical links and to name the page in errors. */
  url?: string;
  /** A source's own CSS selectors; each one that matches wins over the generic rules. */
  selectors?: { body?: string; title?: string; date?: string; remove?: string[] };
  /** Input beyond this many UTF-8 bytes is cut before parsing (default 5 MB). */
  maxBytes?: number;
}

/**
 * Turns an article page (already decoded to text) into clean body text and metadata, with no
 * per-site code: see content-scoring.ts for how the article is found.
 *
 * @example
 * const article = extractArticle(html, { url: 'https://example.org/news/1' });
 * article.text; // 'First paragraph.\n\nSecond paragraph.'
 * @throws ExtractError when the input is not text (binary data, a Buffer) or a selector is invalid.
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  const input = guardInput(html, options.maxBytes ?? DEFAULT_MAX_BYTES, options.url);
  if (!/<|[\p{L}\p{N}]/u.test(input)) return emptyArticle();

  const page = parsePage(input);
  const doc = page.doc;
  const selectors = options.selectors;
  const $ = selectors ? new SourceSelectors(doc, options.url) : null;
  const tags = readTagMetadata(page);
  const jsonLd = readJsonLd(tags.jsonLdScripts);
  const meta = mergeMetadata(page, jsonLd, tags, options.url);

  // An empty selector selects nothing, as $('') does.
  const removals = (selectors?.remove ?? []).filter((selector) => selector);
  for (const selector of removals) $!.remove(selector);
  // A removal may have taken the body with it; the first body left is then the one to read.
  const body: Owner = (removals.length > 0 ? findFirst(doc, (el) => el.name === 'body') : tags.body) ?? doc;

  const override = selectors?.body ? $!.all(selectors.body, 'body') : [];
  const blocks = override.length > 0 ? override.flatMap((el) => collectBlocks(el)) : mainBlocks(body);

  const titleOverride = selectors?.title ? $!.first(selectors.title, 'title') : undefined;
  const title = (titleOverride && collapseWhitespace(textContent(titleOverride))) || meta.title;
  let paragraphs = blocksToParagraphs(blocks.filter((b) => !(b.tag === 'h1' && sameText(b.text, title))));
  if (paragraphs.length === 0 && jsonLd?.articleBody) paragraphs = blocksToParagraphs(textBlocks(jsonLd.articleBody, body));
  const text = joinParagraphs(paragraphs);

  let { publishedAt, dateText } = meta;
  const dateOverride = selectors?.date ? $!.first(selectors.date, 'date') : undefined;
  if (dateOverride) {
    const raw = attributeOf(dateOverride, 'datetime') ?? attributeOf(dateOverride, 'content') ?? collapseWhitespace(textContent(dateOverride));
    const parsed = parseMetadataDate(raw);
    publishedAt = parsed.iso;
    dateText = parsed.iso ? null : (parsed.text ?? findDateText(raw) ?? (raw || null));
  }
  if (!publishedAt && !dateText) dateText = findDateText(text.slice(0, 400));

  const lang = chooseLang(meta.declaredLang, detectLangFromText(text || title));
  const description = meta.description ?? (paragraphs[0] ? truncate(paragraphs[0], 300) : null);
  return {
    title,
    text,
    publishedAt,
    dateText,
    author: meta.author,
    lang,
    image: meta.image,
    canonicalUrl: meta.canonicalUrl,
    description,
  };
}

/** Generic path: set furniture aside, pick the element with the most net prose, keep its blocks. */
function mainBlocks(body: Owner): Block[] {
  const page = collectPageBlocks(body);
  const scores = scoreBlocks(page.blocks);
  const furniture = findFurniture(page, aggregate(page, scores));
  const main = selectMain(page.elements, aggregate(page, scores, furniture));
  if (main < 0) return [];
  const kept: Block[] = [];
  const keptProse: number[] = [];
  page.blocks.forEach((block, i) => {
    if (keepBlock(block, page.elements, main, furniture)) {
      kept.push(block);
      keptProse.push(scores.prose[i]!);
    }
  });
  return cutTail(kept, keptProse);
}

/** Drops a trailing "related / more from / newsletter" section once most of the prose is behind it. */
function cutTail(blocks: Block[], prose: readonly number[]): Block[] {
  let total = 0;
  for (const chars of prose) total += chars;
  let seen = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (prose[i]! > 0) seen += prose[i]!;
    else if (seen >= total * 0.6 && isTailMarker(cleanLine(blocks[i]!.text))) return blocks.slice(0, i);
  }
  return blocks;
}

function keepBlock(block: Block, elements: ElementList, main: number, furniture: Uint8Array): boolean {
  if (furniture[block.ownerIndex] || !isWithin(elements, block.ownerIndex, main)) return false;
  // Captions and photo credits describe a picture the text feed does not carry.
  if (block.inFigure) return false;
  // Link lists inside the article (related stories, tag clouds) are navigation, not text.
  return block.linkChars / block.chars <= 0.5;
}

function textBlocks(text: string, owner: Owner): Block[] {
  return text.split(/\n+/).map((line) => ({
    text: line,
    chars: line.length,
    linkChars: 0,
    owner,
    ownerIndex: 0,
    tag: 'p',
    inList: false,
    inHeading: false,
    inQuote: false,
    inFigure: false,
  }));
}

function sameText(a: string, b: string): boolean {
  return collapseWhitespace(a).toLowerCase() === collapseWhitespace(b).toLowerCase();
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

export function emptyArticle(): ExtractedArticle {
  return {
    title: '',
    text: '',
    publishedAt: null,
    dateText: null,
    author: null,
    lang: null,
    image: null,
    canonicalUrl: null,
    description: null,
  };
}

