import { describe, expect, it } from 'vitest';
import { classify } from '../../lambdas/classify/classify.js';
import { loadDevSet } from '../../bench/suites/classify.js';

// The five shared seeds are copied into the dev set (real public news, page noise kept).
const seeds = loadDevSet().filter((item) => item.kind === 'seed');

const expectedRegions: Record<string, string[]> = {
  'seed-000': ['altai-krai', 'moscow', 'yaroslavl-oblast', 'rostov-oblast'],
  'seed-001': ['saint-petersburg'],
  'seed-002': ['krasnoyarsk-krai'],
  'seed-003': ['kaluga-oblast'],
  'seed-004': ['amur-oblast'],
};

describe('the five seed articles', () => {
  it('are all in the dev set', () => {
    expect(seeds.map((s) => s.id).sort()).toEqual(Object.keys(expectedRegions));
  });

  for (const [id, regions] of Object.entries(expectedRegions)) {
    it(`${id} is relevant and tags exactly its acting regions`, () => {
      // Prepare
      const seed = seeds.find((s) => s.id === id)!;
      // Act
      const result = classify({ id, title: seed.title, text: seed.text });
      // Assess
      expect(result.relevant).toBe(true);
      expect([...result.regions].sort()).toEqual([...regions].sort());
    });

    it(`${id} stays relevant with its regions when the whole page comes as text with no title`, () => {
      const seed = seeds.find((s) => s.id === id)!;
      const result = classify({ id, title: '', text: `${seed.title}\n${seed.text}` });
      expect(result.relevant).toBe(true);
      expect([...result.regions].sort()).toEqual([...regions].sort());
    });
  }

  it('does not tag places that seed 001 names only in its list of branches', () => {
    const seed = seeds.find((s) => s.id === 'seed-001')!;
    const result = classify({ id: seed.id, title: seed.title, text: seed.text });
    for (const listed of ['moscow', 'khabarovsk-krai', 'primorsky-krai', 'sakhalin-oblast', 'nizhny-novgorod-oblast']) {
      expect(result.regions).not.toContain(listed);
    }
  });

  it('does not tag Moscow where seed 003 names it only as the venue, nor Kirov from the related-news noise', () => {
    const seed = seeds.find((s) => s.id === 'seed-003')!;
    const result = classify({ id: seed.id, title: seed.title, text: seed.text });
    expect(result.regions).toEqual(['kaluga-oblast']);
  });

  it('tags the topics a reader would file seed 002 under', () => {
    const seed = seeds.find((s) => s.id === 'seed-002')!;
    const result = classify({ id: seed.id, title: seed.title, text: seed.text });
    expect(result.topics).toContain('trade-investment');
    expect(result.topics).toContain('interregional');
  });
});
