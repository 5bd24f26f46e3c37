import { loadProfile, type Profile } from './profile.js';

type LabelLang = 'en' | 'ru' | 'ja';
type Names = { en: string; ru?: string; ja?: string };

const cache = new WeakMap<Profile, Map<string, Names>>();

function namesOf(profile: Profile): Map<string, Names> {
  let names = cache.get(profile);
  if (!names) {
    names = new Map();
    for (const p of profile.places.a) names.set(`region:${p.id}`, p.name);
    for (const p of profile.places.b) names.set(`prefecture:${p.id}`, p.name);
    for (const [id, t] of Object.entries(profile.spec.topics)) names.set(`topic:${id}`, t.label);
    cache.set(profile, names);
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
export function labelOf(kind: 'region' | 'prefecture' | 'topic', id: string, lang: LabelLang = 'en', profile: Profile = loadProfile()): string {
  const names = namesOf(profile).get(`${kind}:${id}`);
  if (!names) return id;
  return names[lang] ?? names.en;
}
