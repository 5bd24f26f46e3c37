import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../lambdas/http/charset.js';
import { extractArticle } from '../../lambdas/extract/extract-article.js';
import { storySignature } from '../../lambdas/dedupe/story-signature.js';
import { compareStories } from '../../lambdas/dedupe/same-story.js';
import { signature } from '../../lambdas/dedupe/minhash.js';
import { containment } from '../../lambdas/dedupe/signature-match.js';

interface Side {
  source: string;
  file: string;
  url: string;
  publishedAt: string;
}
interface Pair {
  kind: string;
  same: boolean;
  note: string;
  a: Side;
  b: Side;
}

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const { pairs } = JSON.parse(readFileSync(path.join(FIXTURES, 'dedupe/pairs.json'), 'utf8')) as { pairs: Pair[] };

// Each page goes through the real charset decoder and extractor, noise and all.
function fingerprint(side: Side) {
  const page = extractArticle(decodeBody(readFileSync(path.join(FIXTURES, side.file))).text, { url: side.url });
  return { id: side.url, sourceId: side.source, publishedAt: side.publishedAt, signature: storySignature(page.title, page.text) };
}

describe('same story or not, on the labelled pairs', () => {
  it.each(pairs.map((pair) => [`${pair.kind}: ${pair.note}`, pair] as const))('%s', (_name, pair) => {
    const match = compareStories(fingerprint(pair.a), fingerprint(pair.b));
    expect(match.same, `text ${match.text.toFixed(2)}, anchors ${match.anchors?.toFixed(2)} (${match.reason})`).toBe(pair.same);
  });

  it('covers every kind the issue names', () => {
    const kinds = new Set(pairs.map((pair) => pair.kind));
    for (const kind of ['reprint-other-noise', 'shortened', 'rewrite', 'same-subject']) expect(kinds).toContain(kind);
    expect(pairs.filter((pair) => !pair.same).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps copies apart from other stories on wording alone, whatever the dates', () => {
    const moved = (side: Side) => ({ ...fingerprint(side), publishedAt: '2019-09-20T10:00:00Z' });
    const copies = pairs.filter((pair) => ['reprint-other-noise', 'shortened'].includes(pair.kind));
    const others = pairs.filter((pair) => !pair.same && pair.a.source !== pair.b.source);
    for (const pair of copies) expect(compareStories(moved(pair.a), moved(pair.b)).reason).toBe('contained-text');
    for (const pair of others) expect(compareStories(moved(pair.a), moved(pair.b)).reason).not.toBe('contained-text');
  });
});

describe('the rule around the measure', () => {
  const text = 'Делегация Красноярского края во главе с губернатором Александром Уссом провела в Токио презентацию потенциала региона. Годовой объем торговли составляет около 86 млн долларов.';
  const base = { id: 'a', sourceId: 'tass-ru', publishedAt: '2019-09-20T10:00:00Z', signature: storySignature('Презентация в Токио', text) };

  it('never joins two items of one source: a site does not reprint itself', () => {
    expect(compareStories(base, { ...base, id: 'b' })).toMatchObject({ same: false, reason: 'same-source' });
  });

  it('does not join a copy published more than a week later', () => {
    const late = { ...base, id: 'b', sourceId: 'eastrussia', publishedAt: '2019-09-28T10:00:00Z' };
    expect(compareStories(base, late)).toMatchObject({ same: false, reason: 'too-far-apart' });
    expect(compareStories(base, { ...late, publishedAt: '2019-09-26T10:00:00Z' }).same).toBe(true);
  });

  it('treats a signature of another format as no evidence rather than failing', () => {
    expect(compareStories(base, { ...base, id: 'b', sourceId: 'x', signature: 'deadbeef' })).toMatchObject({ same: false, reason: 'unreadable-signature' });
  });

  it('estimates containment: a cut copy is inside the original although their Jaccard is low', () => {
    const long = `${text} ${'Посол также выступил за развитие межрегионального сотрудничества в новых сферах, включая информационные технологии и экологию. '.repeat(1)}Губернатор рассказал об экспорте древесины и алюминия в Японию и об импорте оборудования.`;
    expect(containment(signature(text), signature(long))).toBeGreaterThan(0.8);
    expect(containment(signature(text), signature('Сахалин и Хоккайдо утвердили план обменов на 2020 год'))).toBeLessThan(0.2);
  });

  it('reads Japanese as character pairs, so a Japanese copy is found', () => {
    const ja = 'ロシア極東・シベリア地域ビジネスセミナーを東京で開催し、約百五十人が参加した。';
    expect(containment(signature(ja), signature(`【東京発】${ja}詳細は後日掲載予定。`))).toBeGreaterThan(0.7);
    expect(containment(signature(ja), signature('韓国、日本を輸出管理の優遇対象国から除外'))).toBeLessThan(0.2);
  });
});
