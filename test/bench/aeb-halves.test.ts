import { describe, expect, it } from 'vitest';
import { splitHalves } from '../../bench/lib/aeb-halves.js';

const pages = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `page-${i.toString(16).padStart(4, '0')}` }));

describe('splitHalves', () => {
  it('gives two disjoint halves of equal size that together hold every page', () => {
    const all = pages(88);
    const { A, B } = splitHalves(all);
    expect(A).toHaveLength(44);
    expect(B).toHaveLength(44);
    const a = new Set(A.map((p) => p.id));
    expect(B.some((p) => a.has(p.id))).toBe(false);
    expect(new Set([...A, ...B].map((p) => p.id)).size).toBe(88);
  });

  it('puts a page in the same half whatever the order the pages come in', () => {
    const all = pages(40);
    const forward = splitHalves(all).A.map((p) => p.id).sort();
    const backward = splitHalves([...all].reverse()).A.map((p) => p.id).sort();
    expect(backward).toEqual(forward);
  });

  it('is not a split by file order: half A is not simply the first half', () => {
    const all = pages(40);
    expect(splitHalves(all).A.map((p) => p.id)).not.toEqual(all.slice(0, 20).map((p) => p.id));
  });

  it('reshuffles with another seed', () => {
    const all = pages(40);
    expect(splitHalves(all, 'other seed').A).not.toEqual(splitHalves(all).A);
  });

  it('refuses duplicate ids, which would land one page in both halves', () => {
    expect(() => splitHalves([{ id: 'x' }, { id: 'x' }])).toThrow(/unique/);
  });
});
