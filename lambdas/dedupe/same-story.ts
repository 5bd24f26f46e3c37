/**
 * The one rule that says whether two items tell the same story. Tuned on the labelled
 * pairs in fixtures/dedupe/pairs.json (reprints with other page noise, a shortened copy,
 * short rewrites, a full rewrite; against different stories on the same subject) and
 * checked against every cross-source pair of the recorded demo sources.
 */
import { containment, parseStorySignature, type ParsedSignature, type StorySignature } from './signature-match.js';

/** Share of the shorter text's word pairs found in the other: copies and cut copies score 0.7–1, other stories ≤ 0.25. */
export const CONTAINED_TEXT = 0.45;
/** A full rewrite keeps little wording (0.28–0.37 on the fixtures; same-subject stories up to 0.21, estimates move ±0.05)… */
export const REWRITE_TEXT = 0.24;
/** …but most of its names and figures (0.78–0.92 on the fixtures; other stories on the subject up to 0.71). */
export const REWRITE_ANCHORS = 0.75;
/** Fewer anchors than this say nothing either way. */
export const MIN_ANCHORS = 5;
/** Reprints follow within days; a rewrite is taken only within this many hours. */
export const SAME_STORY_WINDOW_DAYS = 7;
export const REWRITE_WINDOW_HOURS = 48;

const HOUR_MS = 3600 * 1000;

export interface StoryFingerprint {
  id: string;
  sourceId: string;
  publishedAt: string;
  signature: string;
}

export interface StoryMatch {
  same: boolean;
  /** Text containment (0..1). */
  text: number;
  /** Anchor containment (0..1), when both texts have enough anchors. */
  anchors: number | null;
  reason: 'contained-text' | 'rewrite' | 'same-source' | 'too-far-apart' | 'different' | 'unreadable-signature';
}

function anchorContainment(a: StorySignature, b: StorySignature): number | null {
  if (a.anchors.length < MIN_ANCHORS || b.anchors.length < MIN_ANCHORS) return null;
  const [small, large] = a.anchors.length <= b.anchors.length ? [a.anchors, b.anchors] : [b.anchors, a.anchors];
  const set = new Set(large);
  let shared = 0;
  for (const anchor of small) if (set.has(anchor)) shared += 1;
  return shared / small.length;
}

/**
 * Same story or not. Items of one source are never one story: a site does not reprint
 * itself, and its own template phrases ("Meeting with the Consul General of …") would
 * otherwise merge different days' news.
 */
export function compareStories(a: StoryFingerprint, b: StoryFingerprint): StoryMatch {
  const hours = Math.abs(Date.parse(a.publishedAt) - Date.parse(b.publishedAt)) / HOUR_MS;
  if (a.sourceId === b.sourceId) return { same: false, text: 0, anchors: null, reason: 'same-source' };
  if (!(hours <= SAME_STORY_WINDOW_DAYS * 24)) return { same: false, text: 0, anchors: null, reason: 'too-far-apart' };
  const x = parseStorySignature(a.signature);
  const y = parseStorySignature(b.signature);
  if (!x || !y) return { same: false, text: 0, anchors: null, reason: 'unreadable-signature' };
  const text = containment(x.text as ParsedSignature, y.text as ParsedSignature);
  const anchors = anchorContainment(x, y);
  if (text >= CONTAINED_TEXT) return { same: true, text, anchors, reason: 'contained-text' };
  if (hours <= REWRITE_WINDOW_HOURS && text >= REWRITE_TEXT && anchors !== null && anchors >= REWRITE_ANCHORS) {
    return { same: true, text, anchors, reason: 'rewrite' };
  }
  return { same: false, text, anchors, reason: 'different' };
}
