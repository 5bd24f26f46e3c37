/** One mention of a gazetteer place in one sentence. */
export interface PlaceMention {
  side: 'a' | 'b';
  id: string;
  sentence: number;
  field: 'title' | 'lead' | 'text';
  /** A national capital (Moscow, Tokyo). */
  capital: boolean;
  /** A capital written as a venue ('24 ноября в Москве', 'in Tokyo', '東京で'). */
  venue: boolean;
}

interface SentenceSides {
  a: number;
  b: number;
  relation: boolean;
}

/** A sentence naming this many distinct places is a list (branches, destinations), not a story about each. */
export const LIST_PLACES = 3;

/**
 * Which places the item is about. A place is tagged when it acts: it is named in the title or lead,
 * or named at least twice, or named once in a sentence that also names the other side or a relation cue.
 * Mentions inside lists, and capitals named only as the venue, do not count. A capital needs two
 * mentions as an actor, because once it is mostly the state's metonym ('Tokyo protested', 'urged Moscow').
 */
export function tagPlaces(mentions: PlaceMention[], sentences: SentenceSides[]): { a: string[]; b: string[] } {
  const placesPerSentence = new Map<number, Set<string>>();
  for (const m of mentions) {
    const set = placesPerSentence.get(m.sentence) ?? new Set<string>();
    set.add(`${m.side}:${m.id}`);
    placesPerSentence.set(m.sentence, set);
  }
  const counted = new Map<string, { side: 'a' | 'b'; id: string; capital: boolean; prominent: boolean; count: number; beside: boolean; first: number }>();
  mentions.forEach((m, order) => {
    if (m.venue) return;
    if ((placesPerSentence.get(m.sentence)?.size ?? 0) >= LIST_PLACES) return;
    const key = `${m.side}:${m.id}`;
    const s = sentences[m.sentence];
    const other = m.side === 'a' ? (s?.b ?? 0) : (s?.a ?? 0);
    const c = counted.get(key) ?? { side: m.side, id: m.id, capital: m.capital, prominent: false, count: 0, beside: false, first: order };
    c.count++;
    c.prominent ||= m.field !== 'text';
    c.beside ||= other > 0 || s?.relation === true;
    counted.set(key, c);
  });
  const a: string[] = [];
  const b: string[] = [];
  for (const c of [...counted.values()].sort((x, y) => x.first - y.first)) {
    if (c.count >= 2 || (!c.capital && (c.prominent || c.beside))) (c.side === 'a' ? a : b).push(c.id);
  }
  return { a, b };
}
