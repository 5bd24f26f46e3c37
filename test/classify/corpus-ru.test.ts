import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Russian labelled corpus is training and evaluation data for the learned relevance model:
// a malformed line, an unknown region id or a story told in both files would silently bias the
// model or leak the unseen set into training, so the shape of the files is held here.

const FIELDS = ['id', 'lang', 'title', 'text', 'relevant', 'regions', 'prefectures', 'source', 'source_url', 'date', 'story', 'kind', 'note'];

interface Item {
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

const path = (rel: string): string => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

function placeIds(rel: string): Set<string> {
  const data = JSON.parse(readFileSync(path(rel), 'utf8')) as { places: { id: string }[] };
  return new Set(data.places.map((p) => p.id));
}

function load(name: string): { line: number; raw: Record<string, unknown> }[] {
  return readFileSync(path(`fixtures/classify/corpus/${name}`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return { line: i + 1, raw: JSON.parse(l) as Record<string, unknown> };
      } catch (e) {
        throw new Error(`${name}:${i + 1}: not JSON (${(e as Error).message})`);
      }
    });
}

const regions = placeIds('lambdas/classify/data/russia-regions.json');
const prefectures = placeIds('lambdas/classify/data/japan-prefectures.json');

const files = [
  { name: 'train-ru.jsonl', prefix: 'ru-train-', min: 200 },
  { name: 'unseen-ru.jsonl', prefix: 'ru-unseen-', min: 70 },
];

function problemsOf(name: string, prefix: string): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const { line, raw } of load(name)) {
    const at = `${name}:${line}`;
    if (Object.keys(raw).join() !== FIELDS.join()) problems.push(`${at}: fields are ${Object.keys(raw).join(',')}`);
    const o = raw as unknown as Item;
    if (!new RegExp(`^${prefix}\\d{4}$`).test(o.id)) problems.push(`${at}: id ${o.id}`);
    if (ids.has(o.id)) problems.push(`${at}: duplicate id ${o.id}`);
    ids.add(o.id);
    if (o.lang !== 'ru') problems.push(`${at}: lang ${o.lang}`);
    if (typeof o.relevant !== 'boolean') problems.push(`${at}: relevant is not a boolean`);
    for (const k of ['title', 'text', 'source', 'story', 'kind', 'note'] as const) {
      if (typeof o[k] !== 'string' || o[k].trim() === '') problems.push(`${at}: empty ${k}`);
    }
    for (const r of o.regions ?? []) if (!regions.has(r)) problems.push(`${at}: unknown region ${r}`);
    for (const p of o.prefectures ?? []) if (!prefectures.has(p)) problems.push(`${at}: unknown prefecture ${p}`);
    if (!o.relevant && (o.regions.length > 0 || o.prefectures.length > 0)) problems.push(`${at}: a negative names acting places`);
    if (!/^20(1[5-9]|2[0-6])-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(o.date)) problems.push(`${at}: date ${o.date}`);
    if (o.source_url !== null && !/^https?:\/\//.test(o.source_url)) problems.push(`${at}: source_url ${o.source_url}`);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(o.story)) problems.push(`${at}: story key ${o.story}`);
  }
  return problems;
}

describe('Russian labelled corpus', () => {
  for (const { name, prefix, min } of files) {
    it(`${name}: every line has the agreed fields, known place ids and a dated, keyed story`, () => {
      expect(problemsOf(name, prefix)).toEqual([]);
    });

    it(`${name}: holds at least ${min} items, about half of them relevant, most with a real report's URL`, () => {
      const items = load(name).map((x) => x.raw as unknown as Item);
      expect(items.length).toBeGreaterThanOrEqual(min);
      const relevant = items.filter((o) => o.relevant).length / items.length;
      expect(relevant).toBeGreaterThanOrEqual(0.45);
      expect(relevant).toBeLessThanOrEqual(0.6);
      expect(items.filter((o) => o.source_url === null).length / items.length).toBeLessThan(0.25);
    });
  }

  it('no story is told in both the train and the unseen file', () => {
    const stories = (name: string) => new Set(load(name).map((x) => (x.raw as unknown as Item).story));
    const train = stories('train-ru.jsonl');
    expect([...stories('unseen-ru.jsonl')].filter((s) => train.has(s))).toEqual([]);
  });
});
