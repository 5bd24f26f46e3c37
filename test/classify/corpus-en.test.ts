import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The English labelled corpus is training and evaluation data for the learned relevance model:
// a malformed line, an unknown place id or a story told in both files would silently corrupt
// training or leak the held-out set, so its shape is checked here rather than at training time.

const corpusDir = new URL('../../fixtures/classify/corpus/', import.meta.url);
const dataDir = new URL('../../lambdas/classify/data/', import.meta.url);

const FIELDS = [
  'id', 'lang', 'title', 'text', 'relevant', 'regions', 'prefectures',
  'source', 'source_url', 'date', 'story', 'kind', 'note',
] as const;

interface CorpusItem {
  id: string;
  lang: string;
  title: string;
  text: string;
  relevant: boolean;
  regions: string[];
  prefectures: string[];
  source: string;
  source_url: string | null;
  date: string;
  story: string;
  kind: string;
  note: string;
}

function placeIds(file: string): Set<string> {
  const data = JSON.parse(readFileSync(new URL(file, dataDir), 'utf8')) as { places: { id: string }[] };
  return new Set(data.places.map((p) => p.id));
}

/** Parses one JSON Lines file; a bad line fails with its file and line number. */
function load(file: string): CorpusItem[] {
  const path = fileURLToPath(new URL(file, corpusDir));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as CorpusItem;
      } catch (error) {
        throw new Error(`${file} line ${index + 1}: ${(error as Error).message}`);
      }
    });
}

const regionIds = placeIds('russia-regions.json');
const prefectureIds = placeIds('japan-prefectures.json');
const sets = {
  train: { file: 'train-en.jsonl', min: 200 },
  unseen: { file: 'unseen-en.jsonl', min: 70 },
} as const;
const items = { train: load(sets.train.file), unseen: load(sets.unseen.file) };

function problems(split: keyof typeof sets): string[] {
  const found: string[] = [];
  items[split].forEach((item, index) => {
    const where = `${sets[split].file} item ${index + 1} (${item.id})`;
    const keys = Object.keys(item);
    if (keys.join() !== FIELDS.join()) found.push(`${where}: fields are ${keys.join(',')}`);
    // Numbered, not gap-free: items retelling a story trained on in another language left the unseen file.
    if (!new RegExp(`^en-${split}-\\d{4}$`).test(item.id)) found.push(`${where}: id is not en-${split}-NNNN`);
    if (item.lang !== 'en') found.push(`${where}: lang ${item.lang}`);
    for (const field of ['title', 'text', 'source', 'story', 'kind', 'note'] as const) {
      if (typeof item[field] !== 'string' || item[field].trim() === '') found.push(`${where}: empty ${field}`);
    }
    if (typeof item.relevant !== 'boolean') found.push(`${where}: relevant is not a boolean`);
    for (const region of item.regions) if (!regionIds.has(region)) found.push(`${where}: unknown region ${region}`);
    for (const pref of item.prefectures) if (!prefectureIds.has(pref)) found.push(`${where}: unknown prefecture ${pref}`);
    if (!item.relevant && (item.regions.length > 0 || item.prefectures.length > 0)) {
      found.push(`${where}: a negative names acting places`);
    }
    if (item.source_url !== null && !/^https?:\/\/\S+$/.test(item.source_url)) found.push(`${where}: bad source_url`);
    const date = new Date(`${item.date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(item.date) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== item.date) {
      found.push(`${where}: bad date ${item.date}`);
    } else if (date.getUTCFullYear() < 2015 || date.getUTCFullYear() > 2026) {
      found.push(`${where}: date ${item.date} outside 2015-2026`);
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(item.story)) found.push(`${where}: story key ${item.story}`);
  });
  return found;
}

describe('English classifier corpus', () => {
  for (const split of ['train', 'unseen'] as const) {
    it(`${split}: every item has exactly the agreed fields, known place ids and a valid date`, () => {
      expect(problems(split)).toEqual([]);
    });

    it(`${split}: has at least ${sets[split].min} items and a balanced share of relevant ones`, () => {
      const list = items[split];
      const share = list.filter((i) => i.relevant).length / list.length;
      expect(list.length).toBeGreaterThanOrEqual(sets[split].min);
      expect(share).toBeGreaterThanOrEqual(0.45);
      expect(share).toBeLessThanOrEqual(0.6);
    });

    it(`${split}: most items keep the URL of the real report they are modelled on`, () => {
      const list = items[split];
      const withoutUrl = list.filter((i) => i.source_url === null).length;
      expect(withoutUrl / list.length).toBeLessThan(0.25);
    });

    it(`${split}: no text is repeated, so folds cannot hold one item twice`, () => {
      const texts = items[split].map((i) => i.text);
      expect(new Set(texts).size).toBe(texts.length);
    });
  }

  it('no story appears in both train and unseen, so unseen measures generalisation', () => {
    const trainStories = new Set(items.train.map((i) => i.story));
    const shared = [...new Set(items.unseen.map((i) => i.story))].filter((s) => trainStories.has(s));
    expect(shared).toEqual([]);
  });

  it('some stories are retold by several outlets, so folds can keep reprints together', () => {
    const counts = new Map<string, number>();
    for (const item of items.train) counts.set(item.story, (counts.get(item.story) ?? 0) + 1);
    const retold = [...counts.values()].filter((n) => n > 1).length;
    expect(retold).toBeGreaterThanOrEqual(10);
  });
});
