import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from '../../lambdas/classify/classify.js';
import { labelOf, namedThingsOf } from '../../lambdas/classify/labels.js';
import { loadProfile } from '../../lambdas/classify/profile.js';
import { ProfileError } from '../../lambdas/classify/errors.js';

const KOREA = fileURLToPath(new URL('./fixtures/russia-korea.profile.json', import.meta.url));

const russiaKorea = {
  id: 'kr',
  title: 'Primorye signs sister-region deal with Gangwon',
  text: "Primorsky Krai and South Korea's Gangwon province signed a memorandum on tourism and education exchanges during a visit by the Korean delegation to Vladivostok.",
};
const russiaJapan = {
  id: 'jp',
  title: 'Hokkaido governor meets Sakhalin delegation',
  text: 'The Hokkaido governor received a delegation from Sakhalin Oblast to discuss ferry links and joint work on marine ecology.',
};

describe('the profile file drives the result', () => {
  it('the default Russia–Japan profile keeps a Russia–Korea story out', () => {
    expect(classify(russiaKorea).relevant).toBe(false);
  });

  it('a Russia–Korea profile takes the same story in, with its own places, and drops the Russia–Japan one', () => {
    const korea = loadProfile(KOREA);
    const kr = classify(russiaKorea, korea);
    expect(kr.relevant).toBe(true);
    expect(kr.regions).toEqual(['primorsky-krai']);
    expect(kr.prefectures).toEqual(['gangwon']);
    expect(kr.evidence.some((e) => e.kind === 'korea')).toBe(true);
    expect(classify(russiaJapan, korea).relevant).toBe(false);
  });

  it('the threshold in the file decides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-'));
    const spec = JSON.parse(JSON.stringify(loadProfile().spec));
    spec.sides.a.places = fileURLToPath(new URL('../../lambdas/classify/data/russia-regions.json', import.meta.url));
    spec.sides.b.places = fileURLToPath(new URL('../../lambdas/classify/data/japan-prefectures.json', import.meta.url));
    spec.threshold = 1000;
    delete spec.model; // the rules decide alone, so their threshold is the one that counts
    writeFileSync(join(dir, 'strict.json'), JSON.stringify(spec));
    const result = classify(russiaJapan, loadProfile(join(dir, 'strict.json')));
    expect(result.relevant).toBe(false);
    expect(result.score).toBeGreaterThan(0);
  });

  it('a broken profile is reported with its file and the field at fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-'));
    const spec = JSON.parse(JSON.stringify(loadProfile().spec));
    spec.weights.fields.title = 'heavy';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(spec));
    expect(() => loadProfile(join(dir, 'bad.json'))).toThrow(ProfileError);
    expect(() => loadProfile(join(dir, 'bad.json'))).toThrow(/bad\.json: weights\.fields\.title/);
    expect(() => loadProfile(join(dir, 'missing.json'))).toThrow(/missing\.json cannot be read/);
  });
});

describe('labels for the feed', () => {
  it('names regions, prefectures and topics in three languages, falling back to the id', () => {
    expect(labelOf('region', 'amur-oblast')).toBe('Amur Oblast');
    expect(labelOf('region', 'amur-oblast', 'ru')).toBe('Амурская область');
    expect(labelOf('prefecture', 'tottori', 'ja')).toBe('鳥取県');
    expect(labelOf('topic', 'trade-investment', 'en')).toBe('Trade and investment');
    expect(labelOf('region', 'atlantis')).toBe('atlantis');
  });

  it('gives the publisher the same names as the compiled profile, without compiling it', () => {
    const compiled = namedThingsOf(loadProfile());
    const ids = [
      ...compiled.places.a.map((p) => ['region', p.id] as const),
      ...compiled.places.b.map((p) => ['prefecture', p.id] as const),
      ...Object.keys(compiled.topics).map((id) => ['topic', id] as const),
    ];
    for (const lang of ['en', 'ru', 'ja'] as const) {
      for (const [kind, id] of ids) expect(labelOf(kind, id, lang), `${kind} ${id} ${lang}`).toBe(labelOf(kind, id, lang, compiled));
    }
  });

  it('names the places of another profile when given its names', () => {
    const korea = namedThingsOf(loadProfile(KOREA));
    const [first] = korea.places.b;
    expect(labelOf('prefecture', first!.id, 'en', korea)).toBe(first!.name.en);
  });

  it('has all 47 prefectures and the 83 federal subjects in the gazetteers', () => {
    const profile = loadProfile();
    expect(profile.places.b).toHaveLength(47);
    expect(profile.places.a).toHaveLength(83);
    expect(new Set(profile.places.a.map((p) => p.id)).size).toBe(83);
  });
});
