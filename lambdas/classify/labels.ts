import defaultProfileJson from './data/russia-japan.profile.json' with { type: 'json' };
import russiaRegionsJson from './data/russia-regions.json' with { type: 'json' };
import japanPrefecturesJson from './data/japan-prefectures.json' with { type: 'json' };
import type { Profile } from './profile.js';

type LabelLang = 'en' | 'ru' | 'ja';
type Names = { en: string; ru?: string; ja?: string };

/** The parts of a profile that name things: its places on both sides and its topics. */
export interface NamedThings {
  places: { a: readonly { id: string; name: Names }[]; b: readonly { id: string; name: Names }[] };
  topics: Readonly<Record<string, { label: Names }>>;
}

/**
 * The bundled profile's names, read straight from its data files: the publisher needs names
 * only, and compiling the profile (stemmers, term layers) would add to every cold start of
 * publish-feed. The files are validated where the classifier loads them (profile.ts).
 */
const BUNDLED: NamedThings = {
  places: { a: russiaRegionsJson.places, b: japanPrefecturesJson.places },
  topics: defaultProfileJson.topics,
};

/** The names a compiled profile carries, for following another pair of countries. */
export function namedThingsOf(profile: Profile): NamedThings {
  return { places: profile.places, topics: profile.spec.topics };
}

const cache = new WeakMap<NamedThings, Map<string, Names>>();

function namesOf(things: NamedThings): Map<string, Names> {
  let names = cache.get(things);
  if (!names) {
    names = new Map();
    for (const p of things.places.a) names.set(`region:${p.id}`, p.name);
    for (const p of things.places.b) names.set(`prefecture:${p.id}`, p.name);
    for (const [id, t] of Object.entries(things.topics)) names.set(`topic:${id}`, t.label);
    cache.set(things, names);
  }
  return names;
}

/**
 * The human name of a region, prefecture or topic id, for feed titles and pages; English when the
 * requested language has no name, and the id itself when the id is unknown (so a feed never shows a blank).
 *
 * @example labelOf('region', 'amur-oblast', 'ru') // 'Амурская область'
 * @example labelOf('prefecture', 'tottori', 'ja') // '鳥取県'
 */
export function labelOf(
  kind: 'region' | 'prefecture' | 'topic',
  id: string,
  lang: LabelLang = 'en',
  things: NamedThings = BUNDLED,
): string {
  const names = namesOf(things).get(`${kind}:${id}`);
  if (!names) return id;
  return names[lang] ?? names.en;
}
