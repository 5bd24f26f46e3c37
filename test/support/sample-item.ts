import type { Item } from '../../lambdas/core/types.js';

/** A plausible stored item; tests override what they care about. */
export function sampleItem(overrides: Partial<Item> = {}): Item {
  const id = overrides.id ?? 'a1b2c3d4e5f6a1b2c3d4e5f6';
  return {
    id,
    url: `https://tass.ru/ekonomika/${id}`,
    sourceId: 'tass-ru',
    sourceName: 'TASS',
    title: 'В Токио представили экономический и инвестиционный потенциал Красноярского края',
    summary: 'Делегация Красноярского края во главе с губернатором провела в Токио презентацию.',
    text: 'Делегация Красноярского края во главе с губернатором Александром Уссом в пятницу провела в Токио презентацию.',
    lang: 'ru',
    publishedAt: '2019-09-20T08:00:00.000Z',
    dateEstimated: false,
    fetchedAt: '2026-11-23T10:00:00.000Z',
    author: null,
    image: null,
    relevant: true,
    score: 7.5,
    regions: ['krasnoyarsk-krai'],
    prefectures: [],
    topics: ['interregional', 'trade-investment'],
    evidence: [{ term: 'Токио', kind: 'japan', field: 'title', weight: 2 }],
    clusterId: id,
    archiveKey: `raw/tass-ru/2019/09/20/${id}.html.gz`,
    ...overrides,
  };
}
