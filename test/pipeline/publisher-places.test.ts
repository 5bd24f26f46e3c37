import { describe, expect, it } from 'vitest';
import { prefecturesOf } from '../../lambdas/pipeline/publisher-places.js';

const niigataPrefecture = { tags: { country: 'jp', regions: [], prefectures: ['niigata'] } };
const nationalAgency = { tags: { country: 'ru', regions: [], prefectures: [] } };

describe("prefecturesOf: a prefecture's own site speaks for that prefecture", () => {
  it('adds the source prefecture to a relevant item whose text names none', () => {
    expect(prefecturesOf({ relevant: true, prefectures: [] }, niigataPrefecture)).toEqual(['niigata']);
  });

  it('keeps the prefectures the text names first, and names none twice', () => {
    expect(prefecturesOf({ relevant: true, prefectures: ['toyama', 'niigata'] }, niigataPrefecture)).toEqual(['toyama', 'niigata']);
  });

  it("leaves a not-relevant item as the classifier found it: a prefecture's local news is no item of its feed", () => {
    expect(prefecturesOf({ relevant: false, prefectures: [] }, niigataPrefecture)).toEqual([]);
  });

  it('adds nothing for a source that speaks for no prefecture', () => {
    expect(prefecturesOf({ relevant: true, prefectures: ['hokkaido'] }, nationalAgency)).toEqual(['hokkaido']);
  });
});
