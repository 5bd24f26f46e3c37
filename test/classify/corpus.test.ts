/**
 * The labelled corpus is the relevance model's training and unseen data: a malformed line, an unknown place
 * id, or a story or report on both sides of the train/unseen line would silently bias the model or leak the
 * unseen figure, so every corpus file is held to one shape here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIELDS = ['id', 'lang', 'title', 'text', 'relevant', 'regions', 'prefectures', 'source', 'source_url', 'date', 'story', 'kind', 'note'];
const DIR = fileURLToPath(new URL('../../fixtures/classify/corpus/', import.meta.url));
const DATA = fileURLToPath(new URL('../../lambdas/classify/data/', import.meta.url));
const ids = (file: string) => new Set((JSON.parse(readFileSync(DATA + file, 'utf8')) as { places: { id: string }[] }).places.map((p) => p.id));
const REGIONS = ids('russia-regions.json');
const PREFECTURES = ids('japan-prefectures.json');

type Item = Record<string, unknown> & { id: string; lang: string; text: string; relevant: boolean; story: string; source_url: string | null };

// train-ru.jsonl, unseen-ja-2.jsonl: role, language, and the writer's round (the second writer's files end in -2).
const NAME = /^(train|unseen)-(ru|en|ja)(?:-(\d))?\.jsonl$/;
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .map((name) => {
    const m = NAME.exec(name);
    if (!m) throw new Error(`${name}: a corpus file is named train-<lang>[-<round>].jsonl or unseen-<lang>[-<round>].jsonl`);
    const items = readFileSync(DIR + name, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        try {
          return JSON.parse(l) as Item;
        } catch (err) {
          throw new Error(`${name}:${i + 1}: ${(err as Error).message}`);
        }
      });
    return { name, role: m[1]!, lang: m[2]!, round: m[3] ?? '', items };
  });

describe.each(files)('corpus file $name', ({ name, role, lang, round, items }) => {
  it('has exactly the agreed fields, its language, an id of its file, a real date, and gazetteer places on relevant items only', () => {
    const problems: string[] = [];
    const idPattern = new RegExp(`^${lang}-${role}${round}-\\d{4}$`);
    for (const it of items) {
      const where = `${name} ${it.id}`;
      if (Object.keys(it).join() !== FIELDS.join()) problems.push(`${where}: fields are ${Object.keys(it).join(',')}`);
      if (!idPattern.test(it.id)) problems.push(`${where}: id is not ${lang}-${role}${round}-NNNN`);
      if (it.lang !== lang) problems.push(`${where}: lang ${it.lang}`);
      if (typeof it.relevant !== 'boolean' || typeof it.text !== 'string' || it.text.trim() === '') problems.push(`${where}: relevant or text malformed`);
      const date = String(it.date);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) problems.push(`${where}: date ${date}`);
      if (typeof it.story !== 'string' || it.story === '') problems.push(`${where}: no story key`);
      const regions = it.regions as string[];
      const prefectures = it.prefectures as string[];
      for (const r of regions) if (!REGIONS.has(r)) problems.push(`${where}: unknown region ${r}`);
      for (const p of prefectures) if (!PREFECTURES.has(p)) problems.push(`${where}: unknown prefecture ${p}`);
      if (!it.relevant && regions.length + prefectures.length > 0) problems.push(`${where}: a negative names places`);
    }
    expect(problems).toEqual([]);
  });

  it('holds a balanced share of relevant items, each text once, most with the URL of the report it is modelled on', () => {
    expect(items.length).toBeGreaterThanOrEqual(role === 'train' ? 60 : 30);
    const share = items.filter((it) => it.relevant).length / items.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.65);
    expect(new Set(items.map((it) => it.text)).size).toBe(items.length);
    expect(items.filter((it) => typeof it.source_url === 'string' && /^https?:\/\//.test(it.source_url)).length / items.length).toBeGreaterThan(0.75);
  });
});

describe('the train/unseen line, over every language and writer', () => {
  const train = files.filter((f) => f.role === 'train').flatMap((f) => f.items);
  const unseen = files.filter((f) => f.role === 'unseen').flatMap((f) => f.items);

  it('no story and no real report is on both sides, so the unseen figure is never a story remembered', () => {
    const stories = new Set(train.map((it) => it.story));
    const urls = new Set(train.map((it) => it.source_url).filter(Boolean));
    expect(unseen.filter((it) => stories.has(it.story)).map((it) => it.id)).toEqual([]);
    expect(unseen.filter((it) => it.source_url && urls.has(it.source_url)).map((it) => it.id)).toEqual([]);
  });

  it('some stories are retold, so folds have reprints to keep together', () => {
    const counts = new Map<string, number>();
    for (const it of train) counts.set(it.story, (counts.get(it.story) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1).length).toBeGreaterThan(20);
  });
});
