/** What a kind adapter reads off a feed or list page, before links and dates are normalised. */
export interface RawEntry {
  /** The link as written (may be relative). */
  link?: string;
  title?: string;
  /** Date text as written, parsed later with the source's zone and language. */
  dateText?: string;
  /** A date the adapter already knows exactly (epoch numbers in JSON). */
  date?: Date;
  summary?: string;
  contentHtml?: string;
  /** How warnings name the entry when it has no title (the entry's own text). */
  label?: string;
}

/** A feed or list page that cannot be read at all: the source fails, the others go on. */
export class DiscoveryError extends Error {
  override name = 'DiscoveryError';
  constructor(
    readonly sourceId: string,
    message: string,
  ) {
    super(`source ${JSON.stringify(sourceId)}: ${message}`);
  }
}

/** Collapses the whitespace of HTML text nodes into single spaces. */
export function squash(text: string | undefined | null): string | undefined {
  const out = text?.replace(/[\s\u00a0]+/g, ' ').trim();
  return out ? out : undefined;
}
