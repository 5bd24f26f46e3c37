import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Japanese learning corpus is hand-written data; these checks keep it loadable and
// honest when it is edited or merged: one record per line with exactly the agreed fields,
// place ids that exist in the gazetteers, and no story shared between the training file and
// the file kept aside to measure generalisation.

const root = fileURLToPath(new URL('../../', import.meta.url));
const corpusDir = `${root}fixtures/classify/corpus/`;

const FIELDS = [
  'id', 'lang', 'title', 'text', 'relevant', 'regions', 'prefectures',
  'source', 'source_url', 'date', 'story', 'kind', 'note',
];

type Item = Record<string, unknown>;

function gazetteerIds(file: string): Set<string> {
  const data = JSON.parse(readFileSync(`${root}lambdas/classify/data/${file}`, 'utf8')) as {
    places: { id: string }[];
  };
  return new Set(data.places.map((p) => p.id));
}

function load(name: string): Item[] {
  const lines = readFileSync(corpusDir + name, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as Item;
    } catch (err) {
      throw new Error(`${name} line ${i + 1} is not JSON: ${(err as Error).message}`);
    }
  });
}

const regions = gazetteerIds('russia-regions.json');
const prefectures = gazetteerIds('japan-prefectures.json');

const files = [
  { name: 'train-ja.jsonl', prefix: 'ja-train-', min: 200 },
  { name: 'unseen-ja.jsonl', prefix: 'ja-unseen-', min: 70 },
];

describe.each(files)('Japanese corpus $name', ({ name, prefix, min }) => {
  const items = load(name);

  it(`holds at least ${min} items with unique, numbered ids`, () => {
    expect(items.length).toBeGreaterThanOrEqual(min);
    const ids = items.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Numbered, not necessarily gap-free: items that retell a story trained on in another language left the unseen file.
    for (const id of ids) expect(id).toMatch(new RegExp(`^${prefix}\\d{4}$`));
  });

  it('gives every item exactly the agreed fields with well-formed values', () => {
    const problems: string[] = [];
    for (const o of items) {
      const where = String(o.id);
      const keys = Object.keys(o).sort();
      if (keys.join() !== [...FIELDS].sort().join()) problems.push(`${where}: fields ${keys.join(',')}`);
      if (o.lang !== 'ja') problems.push(`${where}: lang ${String(o.lang)}`);
      if (typeof o.relevant !== 'boolean') problems.push(`${where}: relevant is not a boolean`);
      for (const k of ['title', 'text', 'source', 'kind', 'note', 'story']) {
        if (typeof o[k] !== 'string' || (o[k] as string).trim() === '') problems.push(`${where}: empty ${k}`);
      }
      if (!/^20(1[5-9]|2[0-6])-\d\d-\d\d$/.test(String(o.date))) problems.push(`${where}: date ${String(o.date)}`);
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(String(o.story))) problems.push(`${where}: story key ${String(o.story)}`);
      if (o.source_url !== null && !/^https?:\/\//.test(String(o.source_url))) {
        problems.push(`${where}: source_url ${String(o.source_url)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names only gazetteer places, and none on negatives', () => {
    const problems: string[] = [];
    for (const o of items) {
      const rs = o.regions as string[];
      const ps = o.prefectures as string[];
      rs.filter((r) => !regions.has(r)).forEach((r) => problems.push(`${String(o.id)}: unknown region ${r}`));
      ps.filter((p) => !prefectures.has(p)).forEach((p) => problems.push(`${String(o.id)}: unknown prefecture ${p}`));
      if (o.relevant === false && (rs.length > 0 || ps.length > 0)) problems.push(`${String(o.id)}: negative with places`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps a balance of relevant and negative items', () => {
    const share = items.filter((o) => o.relevant === true).length / items.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.6);
  });
});

describe('Japanese corpus train and unseen files', () => {
  it('share no story and no source report', () => {
    const train = load('train-ja.jsonl');
    const unseen = load('unseen-ja.jsonl');
    const trainStories = new Set(train.map((o) => o.story));
    const trainUrls = new Set(train.map((o) => o.source_url).filter((u) => u !== null));
    expect(unseen.filter((o) => trainStories.has(o.story)).map((o) => o.id)).toEqual([]);
    expect(unseen.filter((o) => o.source_url !== null && trainUrls.has(o.source_url)).map((o) => o.id)).toEqual([]);
  });
});
