import { describe, expect, it } from 'vitest';
import { ExtractError, extractArticle } from '../../lambdas/extract/extract-article.js';

const html = `<html><head><title>Generic title | Site</title><meta property="article:published_time" content="2020-01-01T00:00:00Z"></head><body>
  <div class="lead-story"><p>A long promotional text about the site that the generic rules would take for the article because it is the longest block on the page, written in full sentences to look like prose.</p>
  <p>Another long sentence in the promotional block so that it outweighs the real news item by a wide margin, again in proper sentences.</p></div>
  <div class="novost"><h2 class="zagolovok">Сахалин и Хоккайдо обменялись делегациями</h2><span class="data">05.02.2020</span>
  <div class="tekst"><p>Короткая новость о визите.</p><p class="ad">Реклама партнёра</p></div></div>
</body></html>`;

describe('a source can override the generic rules with selectors', () => {
  it('takes body, title and date from the selectors and removes what remove names', () => {
    const a = extractArticle(html, {
      selectors: { body: '.novost .tekst', title: '.novost .zagolovok', date: '.novost .data', remove: ['.ad'] },
    });
    expect(a.text).toBe('Короткая новость о визите.');
    expect(a.title).toBe('Сахалин и Хоккайдо обменялись делегациями');
    expect(a.publishedAt).toBeNull();
    expect(a.dateText).toBe('05.02.2020');
  });

  it('without selectors the generic rules pick the longer block, which is why overrides exist', () => {
    expect(extractArticle(html).text).toContain('promotional text');
  });

  it('falls back to the generic rules when the body selector matches nothing', () => {
    expect(extractArticle(html, { selectors: { body: '.no-such-block' } }).text).toContain('promotional text');
  });

  it('names the field and selector when a selector is invalid', () => {
    expect(() => extractArticle(html, { url: 'https://x.example/1', selectors: { body: 'div[[' } })).toThrowError(ExtractError);
    expect(() => extractArticle(html, { url: 'https://x.example/1', selectors: { body: 'div[[' } })).toThrowError(/selectors\.body "div\[\[" for https:\/\/x\.example\/1/);
  });
});
