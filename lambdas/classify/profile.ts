import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import defaultProfileJson from './data/russia-japan.profile.json' with { type: 'json' };
import russiaRegionsJson from './data/russia-regions.json' with { type: 'json' };
import japanPrefecturesJson from './data/japan-prefectures.json' with { type: 'json' };
import defaultModelJson from './data/russia-japan.model.json' with { type: 'json' };
import { compileModel, readModelFile, type RelevanceModel } from './model.js';
import { ProfileError } from './errors.js';
import {
  describeIssues,
  gazetteerSchema,
  profileSchema,
  type Gazetteer,
  type PlaceSpec,
  type ProfileSpec,
  type TermSpec,
} from './profile-schema.js';
import { TermLayer, type TermEntry } from './term-index.js';

/** A profile ready to classify with: the validated data plus its compiled term layers. */
export interface Profile {
  id: string;
  spec: ProfileSpec;
  /** Side ids as they appear in evidence ('russia', 'japan'). */
  sideIds: { a: string; b: string };
  places: { a: PlaceSpec[]; b: PlaceSpec[] };
  /** Actors of both sides, joint terms and gazetteer places: one layer so compounds win over their parts. */
  actors: TermLayer;
  relation: TermLayer;
  thirdCountries: TermLayer;
  topics: TermLayer;
  naturalEvents: TermLayer;
  /** Detention, seizure, protest: what one side does to the other, so the other side is implied (sides.incidents). */
  incidents: TermLayer;
  /** A person's own trip or travel story (sides.personalTravel): it damps the relation cues of its sentence. */
  personalTravel: TermLayer;
  /** The trained relevance model the profile names; absent, the rules decide alone. */
  model?: RelevanceModel;
}

/** Entry kind of a name that shadows a side's name without being an actor ('Sea of Japan'). */
export const NOT_ACTOR = 'not-actor';

function termOf(spec: TermSpec): { text: string; weight: number } {
  return typeof spec === 'string' ? { text: spec, weight: 1 } : { text: spec.t, weight: spec.w };
}

function addAll(layer: TermLayer, specs: TermSpec[], entry: (weight: number) => TermEntry, where: string): void {
  specs.forEach((spec, i) => {
    const { text, weight } = termOf(spec);
    try {
      layer.add(text, entry(weight));
    } catch (err) {
      throw new ProfileError(`${where}.${i}: ${(err as Error).message}`);
    }
  });
}

/** Builds the matchers of a validated profile. Gazetteers are passed in already parsed. */
export function compileProfile(spec: ProfileSpec, gazetteers: { a: Gazetteer; b: Gazetteer }): Profile {
  const actors = new TermLayer();
  const relation = new TermLayer();
  const thirdCountries = new TermLayer();
  const topics = new TermLayer();
  const naturalEvents = new TermLayer();
  const incidents = new TermLayer();
  const personalTravel = new TermLayer();
  const sideIds = { a: spec.sides.a.id, b: spec.sides.b.id };

  addAll(actors, spec.sides.a.actors, (weight) => ({ kind: sideIds.a, weight }), 'sides.a.actors');
  addAll(actors, spec.sides.b.actors, (weight) => ({ kind: sideIds.b, weight }), 'sides.b.actors');
  addAll(actors, spec.sides.joint, (weight) => ({ kind: 'joint', weight }), 'sides.joint');
  addAll(actors, spec.sides.notActors ?? [], () => ({ kind: NOT_ACTOR, weight: 0 }), 'sides.notActors');
  for (const side of ['a', 'b'] as const) {
    const placeKind = side === 'a' ? 'region' : 'prefecture';
    for (const place of gazetteers[side].places) {
      const entry: TermEntry = {
        kind: `${placeKind}:${place.id}`,
        weight: 1,
        place: { side, id: place.id, capital: place.capital === true },
      };
      addAll(actors, place.terms, () => entry, `${gazetteers[side].side}.${place.id}.terms`);
    }
  }
  addAll(relation, spec.sides.relation, (weight) => ({ kind: 'relation', weight }), 'sides.relation');
  addAll(thirdCountries, spec.sides.thirdCountries, (weight) => ({ kind: 'third-country', weight }), 'sides.thirdCountries');
  addAll(naturalEvents, spec.sides.naturalEvents ?? [], (weight) => ({ kind: 'natural-event', weight }), 'sides.naturalEvents');
  addAll(incidents, spec.sides.incidents ?? [], (weight) => ({ kind: 'incident', weight }), 'sides.incidents');
  addAll(personalTravel, spec.sides.personalTravel ?? [], (weight) => ({ kind: 'personal-travel', weight }), 'sides.personalTravel');
  for (const [topic, def] of Object.entries(spec.topics)) {
    addAll(topics, def.terms, (weight) => ({ kind: `topic:${topic}`, weight, topic }), `topics.${topic}.terms`);
  }
  return {
    id: spec.id,
    spec,
    sideIds,
    places: { a: gazetteers.a.places, b: gazetteers.b.places },
    actors,
    relation,
    thirdCountries,
    topics,
    naturalEvents,
    incidents,
    personalTravel,
  };
}

function readJson(path: string, what: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProfileError(`${what} ${path} cannot be read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new ProfileError(`${what} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function parseGazetteer(value: unknown, where: string): Gazetteer {
  const parsed = gazetteerSchema.safeParse(value);
  if (!parsed.success) throw new ProfileError(`gazetteer ${where}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function parseProfile(value: unknown, where: string): ProfileSpec {
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) throw new ProfileError(`profile ${where}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

let defaultProfile: Profile | undefined;
/** The file name the bundled profile gives for its model; the bundle imports that file under this name. */
const BUNDLED_MODEL = 'russia-japan.model.json';

/**
 * The Russia–Japan profile when no path is given (bundled, so it survives esbuild); otherwise the
 * profile JSON at `path`, whose gazetteer references resolve relative to the profile file.
 *
 * `{ model: false }` leaves out the profile's trained model, so the rules decide alone (what training reads).
 *
 * @example loadProfile('profiles/russia-korea.profile.json')
 */
export function loadProfile(path?: string, options: { model?: boolean } = {}): Profile {
  if (path === undefined) {
    if (!defaultProfile) {
      const spec = parseProfile(defaultProfileJson, 'russia-japan (bundled)');
      const profile = compileProfile(spec, {
        a: parseGazetteer(russiaRegionsJson, 'russia-regions.json (bundled)'),
        b: parseGazetteer(japanPrefecturesJson, 'japan-prefectures.json (bundled)'),
      });
      if (spec.model !== BUNDLED_MODEL) throw new ProfileError(`profile russia-japan (bundled): "model" must be ${BUNDLED_MODEL}, the file the bundle carries`);
      profile.model = compileModel(defaultModelJson, `${BUNDLED_MODEL} (bundled)`, spec.id);
      defaultProfile = profile;
    }
    return defaultProfile;
  }
  const spec = parseProfile(readJson(path, 'profile'), path);
  const side = (s: 'a' | 'b'): Gazetteer => {
    const ref = spec.sides[s].places;
    if (typeof ref !== 'string') return ref;
    const file = resolve(dirname(path), ref);
    return parseGazetteer(readJson(file, 'gazetteer'), file);
  };
  const profile = compileProfile(spec, { a: side('a'), b: side('b') });
  // Training reads the rules alone: the model it writes must not depend on the one it replaces.
  if (spec.model !== undefined && options.model !== false) profile.model = readModelFile(resolve(dirname(path), spec.model), spec.id);
  return profile;
}
