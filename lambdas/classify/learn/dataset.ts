/**
 * The labelled sets the relevance model learns from and is measured on, and which is which.
 *
 * Training sets: the team's five sets (dev, fresh, blind, blind2, heldout: every one of them tuned on by the
 * rules in rounds one to three) and the corpus modelled on real published reports (`corpus/train-*.jsonl`).
 * Unseen sets, never trained on and never tuned on: heldout2 and `corpus/unseen-*.jsonl`. Nothing reads an
 * unseen set while choosing weights, the L2 strength or the threshold; only the bench measures on them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLASSIFY_FIXTURES = fileURLToPath(new URL('../../../fixtures/classify/', import.meta.url));

export interface LabelledItem {
  id: string;
  lang: string;
  title: string;
  text: string;
  relevant: boolean;
  regions?: string[];
  prefectures?: string[];
  /** Publisher of the real report an item is modelled on ('tass.ru'). */
  source?: string;
  source_url?: string | null;
  /** Publication day of that report (YYYY-MM-DD). */
  date?: string;
  /** Items that tell one event share a story key: they never sit on both sides of a split. */
  story?: string;
  kind?: string;
  note?: string;
}

export interface LabelledSet {
  name: string;
  file: string;
  role: 'train' | 'unseen';
  /** The rules' lexicons and weights were fitted to this set (rounds one to three). */
  tunedByRules: boolean;
  items: LabelledItem[];
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export function readLabelled(file: string): LabelledItem[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DatasetError(`labelled set ${file} cannot be read: ${(err as Error).message}`);
  }
  const items: LabelledItem[] = [];
  raw.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (err) {
      throw new DatasetError(`${file}:${i + 1}: not valid JSON: ${(err as Error).message}`);
    }
    const item = o as Partial<LabelledItem>;
    if (typeof item.id !== 'string' || item.id === '') throw new DatasetError(`${file}:${i + 1}: "id" must be a non-empty string`);
    if (typeof item.relevant !== 'boolean') throw new DatasetError(`${file}:${i + 1}: item ${item.id}: "relevant" must be true or false`);
    if (typeof item.title !== 'string' || typeof item.text !== 'string') throw new DatasetError(`${file}:${i + 1}: item ${item.id}: "title" and "text" must be strings`);
    if (typeof item.lang !== 'string') throw new DatasetError(`${file}:${i + 1}: item ${item.id}: "lang" must be a string`);
    items.push(item as LabelledItem);
  });
  return items;
}

const TEAM_SETS: Array<{ name: string; role: LabelledSet['role']; tunedByRules: boolean }> = [
  { name: 'dev', role: 'train', tunedByRules: true },
  { name: 'fresh', role: 'train', tunedByRules: true },
  { name: 'blind', role: 'train', tunedByRules: true },
  { name: 'blind2', role: 'train', tunedByRules: true },
  { name: 'heldout', role: 'train', tunedByRules: true },
  { name: 'heldout2', role: 'unseen', tunedByRules: false },
];

/** Every labelled set in the fixtures folder, with its role. */
export function labelledSets(dir = CLASSIFY_FIXTURES): LabelledSet[] {
  const sets: LabelledSet[] = [];
  for (const s of TEAM_SETS) {
    const file = path.join(dir, `${s.name}.jsonl`);
    if (existsSync(file)) sets.push({ ...s, file, items: readLabelled(file) });
  }
  const corpus = path.join(dir, 'corpus');
  if (existsSync(corpus)) {
    for (const name of readdirSync(corpus).filter((f) => f.endsWith('.jsonl')).sort()) {
      const role = name.startsWith('train-') ? 'train' : name.startsWith('unseen-') ? 'unseen' : null;
      if (!role) throw new DatasetError(`${path.join(corpus, name)}: a corpus file is named train-<lang>.jsonl or unseen-<lang>.jsonl`);
      const file = path.join(corpus, name);
      sets.push({ name: `corpus/${name.replace(/\.jsonl$/, '')}`, file, role, tunedByRules: false, items: readLabelled(file) });
    }
  }
  const ids = new Map<string, string>();
  for (const s of sets) {
    for (const it of s.items) {
      const seen = ids.get(it.id);
      if (seen) throw new DatasetError(`${s.file}: item id "${it.id}" is used in ${seen} too`);
      ids.set(it.id, s.file);
    }
  }
  return sets;
}

/** One item with the set it came from. */
export interface SetItem extends LabelledItem {
  set: string;
}

export function itemsOf(sets: LabelledSet[], role: LabelledSet['role']): SetItem[] {
  return sets.filter((s) => s.role === role).flatMap((s) => s.items.map((it) => ({ ...it, set: s.name })));
}

/** The team's five sets were written by the people who tuned the rules on them; the corpus was not. */
export function tunedByRules(item: SetItem): boolean {
  return !item.set.startsWith('corpus/');
}

/** Reprints and retellings of one story share a group; an item without a story key is its own. */
export function storyGroup(item: SetItem): string {
  return item.story ? `story:${item.story}` : `item:${item.id}`;
}

/** The publisher, or for the team's written sets the set itself (one writer, one style). */
export function sourceGroup(item: SetItem): string {
  return item.source ? `source:${item.source}` : `set:${item.set}`;
}
