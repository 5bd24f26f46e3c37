import { describe, expect, it } from 'vitest';
import { comparePage, scoreSet, shingles, tokenize } from '../../lambdas/extract/score.js';

describe('benchmark scoring (4-token shingles as a multiset)', () => {
  it('tokenises on Unicode letters, digits and underscore, keeping case', () => {
    expect(tokenize('Том-2 «Токио» snake_case, 東京!')).toEqual(['Том', '2', 'Токио', 'snake_case', '東京']);
  });

  it('makes one shingle of a text shorter than four tokens', () => {
    expect([...shingles('a b c').values()]).toEqual([1]);
    expect(shingles('a b c d e').size).toBe(2);
  });

  it('counts repeated shingles as many times as they occur', () => {
    const s = comparePage('a b c d a b c d', 'a b c d');
    // predicted shingles: abcd, bcda, cdab, dabc, abcd -> 1 shared, 4 extra
    expect(s).toMatchObject({ tp: 1, fp: 4, fn: 0, precision: 0.2, recall: 1 });
  });

  it('scores a perfect page 1 and an empty prediction 0 recall', () => {
    expect(comparePage('one two three four five', 'one two three four five').f1).toBe(1);
    expect(comparePage('', 'one two three four five')).toMatchObject({ precision: null, recall: 0 });
  });

  it('averages precision and recall over pages before taking F1', () => {
    const set = scoreSet([
      { tp: 1, fp: 0, fn: 1 }, // P 1, R 0.5
      { tp: 0, fp: 0, fn: 2 }, // no prediction: counts for recall only
    ]);
    expect(set.precision).toBe(1);
    expect(set.recall).toBe(0.25);
    expect(set.f1).toBeCloseTo(0.4, 10);
  });
});
