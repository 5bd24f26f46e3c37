import type { FeedSettings } from '../core/types.js';
import { FACET_FOLDERS, FACET_KINDS, type FacetKind, type FeedDocument, type FeedItemModel } from './feed-model.js';

/**
 * Decides which feeds exist: the main feed, and one filtered feed for every region,
 * prefecture and topic that at least one item carries. A facet with no items gets no
 * feed, so the OPML never offers a subscription that would stay empty.
 */

export interface FacetValue {
  kind: FacetKind;
  id: string;
  label: string;
  /** How many of the given items carry it. */
  count: number;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Every facet value present in the items, per kind, ordered by label then id. */
export function facetValues(items: readonly FeedItemModel[]): Record<FacetKind, FacetValue[]> {
  const found = new Map<string, FacetValue>();
  for (const item of items) {
    for (const category of item.categories) {
      const key = `${category.kind}\u0000${category.id}`;
      const known = found.get(key);
      if (known) known.count += 1;
      else found.set(key, { kind: category.kind, id: category.id, label: category.label, count: 1 });
    }
  }
  const out: Record<FacetKind, FacetValue[]> = { region: [], prefecture: [], topic: [] };
  for (const value of found.values()) out[value.kind].push(value);
  for (const kind of FACET_KINDS) {
    out[kind].sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return out;
}

const FACET_NOUNS: Record<FacetKind, string> = { region: 'Russian region', prefecture: 'Japanese prefecture', topic: 'topic' };

function feedDocument(
  dir: string,
  facet: FeedDocument['facet'],
  items: FeedItemModel[],
  settings: FeedSettings,
  now: Date,
): FeedDocument {
  const carried = items.slice(0, Math.max(1, settings.maxEntries));
  const newest = carried.reduce((max, item) => Math.max(max, item.publishedAt.getTime(), item.fetchedAt.getTime()), Number.NEGATIVE_INFINITY);
  const base = settings.baseUrl;
  return {
    dir,
    facet,
    title: facet ? `${settings.title}: ${facet.label}` : settings.title,
    description: facet ? `${settings.description} Filtered to the ${FACET_NOUNS[facet.kind]} ${facet.label}.` : settings.description,
    language: settings.language,
    links: {
      rss: `${base}${dir}feed.xml`,
      atom: `${base}${dir}atom.xml`,
      json: `${base}${dir}feed.json`,
      html: facet ? `${base}index.html#${facet.kind}=${encodeURIComponent(facet.id)}` : `${base}index.html`,
    },
    updated: Number.isFinite(newest) ? new Date(newest) : now,
    ttlMinutes: settings.ttlMinutes,
    items: carried,
  };
}

/** The main feed first, then the filtered feeds by kind and label. `items` must be sorted newest first. */
export function planFeedSet(items: FeedItemModel[], settings: FeedSettings, now: Date): { feeds: FeedDocument[]; facets: Record<FacetKind, FacetValue[]> } {
  const facets = facetValues(items);
  const feeds: FeedDocument[] = [feedDocument('', null, items, settings, now)];
  for (const kind of FACET_KINDS) {
    for (const value of facets[kind]) {
      const matching = items.filter((item) => item.categories.some((c) => c.kind === kind && c.id === value.id));
      feeds.push(feedDocument(`${FACET_FOLDERS[kind]}/${value.id}/`, { kind, id: value.id, label: value.label }, matching, settings, now));
    }
  }
  return { feeds, facets };
}
