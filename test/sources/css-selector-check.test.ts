import * as cheerio from 'cheerio';
import { aliases, filters, pseudos } from 'cheerio-select';
import { describe, expect, it } from 'vitest';
import {
  FILTER_PSEUDOS,
  NTH_PSEUDOS,
  PLAIN_PSEUDOS,
  POSITIONAL_PSEUDOS,
  selectorProblem,
  SUBSELECT_PSEUDOS,
} from '../../lambdas/sources/css-selector-check.js';

const $ = cheerio.load('<div id="main"><ul class="news"><li><a href="/x">x</a></li><li><h2>y</h2></li></ul></div>');

/** What cheerio itself says of a selector, used the ways the pipeline uses one: $(sel) and el.find(sel). */
function cheerioProblem(selector: string): string | null {
  try {
    $(selector);
    $('ul').find(selector);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const READ = [
  'h1.title',
  '.news-list .news-list__item',
  'article[itemprop="articleBody"]',
  'a[href^="/news/"]',
  '.e-news-list a.e-news',
  '> a',
  'li + li, li ~ li',
  '*',
  '#main',
  'li:first-child',
  'li:NTH-CHILD(2n+1)',
  'li:nth-of-type(odd)',
  'li:nth-child( -n + 3 )',
  'li:nth-last-child(3)',
  'p:contains("Токио")',
  'div:not(.share, .related)',
  'div:has(> h2)',
  'a:is(.x, .y)',
  'li:first',
  'li:eq(2)',
  'li:not(:first)',
  'input:checked',
  ':root > body',
  'div:empty',
];

const REFUSED = [
  '.text-block[[',
  'a[href',
  'a,',
  'a:not()',
  'div:is(',
  'a::before',
  'a || b',
  'a:lang(ru)',
  'a:foo',
  'a:foo(b)',
  'a:first-child(x)',
  'a:checked(x)',
  'a:nth-child(foo)',
  'a:nth-child',
  'a:nth-child(2n+)',
  'a:nth-child(+ 3)',
  'div:has(li:first)',
  'div:is(:eq(1))',
];

describe('selectorProblem agrees with cheerio', () => {
  it.each(READ)('reads %j', (selector) => {
    expect(cheerioProblem(selector)).toBeNull();
    expect(selectorProblem(selector)).toBeNull();
  });

  it.each(REFUSED)('refuses %j, with a reason', (selector) => {
    expect(cheerioProblem(selector)).not.toBeNull();
    expect(selectorProblem(selector)).toMatch(/\S/);
  });

  it('passes on the parser message for a syntax error', () => {
    expect(selectorProblem('.text-block[[')).toBe(cheerioProblem('.text-block[['));
  });
});

describe('the pseudo-class lists match the installed cheerio', () => {
  it('has every filter, pseudo and alias css-select knows, and no others', () => {
    expect([...NTH_PSEUDOS, ...FILTER_PSEUDOS].sort()).toEqual(Object.keys(filters).sort());
    expect([...PLAIN_PSEUDOS].sort()).toEqual([...Object.keys(pseudos), ...Object.keys(aliases)].sort());
  });

  it('lists subselects and positions that cheerio accepts where the check does', () => {
    for (const name of SUBSELECT_PSEUDOS) expect(cheerioProblem(`li:${name}(a)`), name).toBeNull();
    for (const name of POSITIONAL_PSEUDOS) {
      expect(cheerioProblem(`li:${name}(1)`), name).toBeNull();
      expect(cheerioProblem(`div:is(li:${name}(1))`), name).not.toBeNull();
    }
  });
});
