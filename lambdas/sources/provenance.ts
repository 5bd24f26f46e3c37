/**
 * How far a registry entry can be trusted: checked against the live site, checked only
 * against stored copies of its pages or public code that scrapes it, or never checked
 * (built from what is known of the site). `rujp sources` prints this beside every entry,
 * so a user can tell a confirmed selector from a guessed one before relying on it.
 */
import type { SourceEntry } from './registry-schema.js';

export type ProvenanceState = 'live' | 'offline' | 'unchecked';

export interface Provenance {
  state: ProvenanceState;
  /** The day of the check, when there was one. */
  on?: string;
  /** One short phrase for a listing: "checked live 2026-12-04", "checked offline 2026-12-04" (stored copies or code), "never checked". */
  label: string;
}

export function provenanceOf(source: SourceEntry): Provenance {
  const c = source.checked;
  if (!c) return { state: 'unchecked', label: 'never checked' };
  if (c.live) return { state: 'live', on: c.on, label: `checked live ${c.on}` };
  return { state: 'offline', on: c.on, label: `checked offline ${c.on}` };
}

/** Why an entry has never been checked live, in words for the person reading `--check`. */
export function neverLiveReason(source: SourceEntry): string | null {
  const c = source.checked;
  if (!c) return 'never checked live: built from what is known of the site, no page or code was compared';
  if (c.live) return null;
  return `never checked live: compared on ${c.on} only with ${c.against.join(', ')}`;
}
