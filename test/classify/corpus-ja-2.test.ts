import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Round two of the Japanese corpus was written independently of round one to widen what the
// learned model meets. Beyond the format checks, its value depends on being new: no story and
// no source report of round one may reappear, and its own unseen file must stay apart from its
// training file, or measured generalisation would be inflated by reprints.

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
  { name: 'train-ja-2.jsonl', prefix: 'ja-train2-', min: 20 },
  { name: 'unseen-ja-2.jsonl', prefix: 'ja-unseen2-', min: 8 },
];

describe.each(files)('Japanese corpus round two $name', ({ name, prefix, min }) => {
  const items = load(name);

  it(`holds at least ${min} items with unique, numbered ids`, () => {
    expect(items.length).toBeGreaterThanOrEqual(min);
    items.forEach((o, i) => expect(o.id).toBe(`${prefix}${String(i + 1).padStart(4, '0')}`));
  });

  it('gives every item exactly the agreed fields with well-formed values', () => {
    const problems: string[] = [];
    for (const o of items) {
      const where = String(o.id);
      if (Object.keys(o).join() !== FIELDS.join()) problems.push(`${where}: fields ${Object.keys(o).join(',')}`);
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
      const rs = o.regions as string[];
      const ps = o.prefectures as string[];
      rs.filter((r) => !regions.has(r)).forEach((r) => problems.push(`${where}: unknown region ${r}`));
      ps.filter((p) => !prefectures.has(p)).forEach((p) => problems.push(`${where}: unknown prefecture ${p}`));
      if (o.relevant === false && (rs.length > 0 || ps.length > 0)) problems.push(`${where}: negative with places`);
    }
    expect(problems).toEqual([]);
  });
});

describe('Japanese corpus round two against round one and itself', () => {
  const roundOne = [...load('train-ja.jsonl'), ...load('unseen-ja.jsonl')];
  const train = load('train-ja-2.jsonl');
  const unseen = load('unseen-ja-2.jsonl');
  const oldStories = new Set(roundOne.map((o) => o.story));
  const oldUrls = new Set(roundOne.map((o) => o.source_url).filter((u) => u !== null));

  it('retells no story and reuses no report of round one', () => {
    const mine = [...train, ...unseen];
    expect(mine.filter((o) => oldStories.has(o.story)).map((o) => o.id)).toEqual([]);
    expect(mine.filter((o) => o.source_url !== null && oldUrls.has(o.source_url)).map((o) => o.id)).toEqual([]);
  });

  it('keeps its unseen file apart from its training file', () => {
    const trainStories = new Set(train.map((o) => o.story));
    const trainUrls = new Set(train.map((o) => o.source_url).filter((u) => u !== null));
    expect(unseen.filter((o) => trainStories.has(o.story)).map((o) => o.id)).toEqual([]);
    expect(unseen.filter((o) => o.source_url !== null && trainUrls.has(o.source_url)).map((o) => o.id)).toEqual([]);
  });
});
