// The Lambdas' schema module: the classifier loads inside fetch-source, whose start already carries it.
import * as z from '../core/schema.js';

const text = (min = 1) => z.string().check(z.minLength(min));
const nonNegative = () => z.number().check(z.nonnegative());
const count = () => z.number().check(z.int(), z.nonnegative());
const share = () => z.number().check(z.minimum(0), z.maximum(1));

/** A term as written in a profile: the bare phrase (weight 1) or a phrase with its weight. */
export const termSchema = z.union([text(), z.object({ t: text(), w: z.number().check(z.positive()) })]);

const labelSchema = z.object({ en: z.string(), ru: z.optional(z.string()), ja: z.optional(z.string()) });

export const placeSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are kebab-case')),
  name: labelSchema,
  /** A national capital: a bare venue mention ('в Москве', 'in Tokyo', '東京で') does not make it an actor. */
  capital: z.optional(z.boolean()),
  terms: z.array(text()).check(z.minLength(1)),
});

export const gazetteerSchema = z.object({
  side: z.string(),
  note: z.optional(z.string()),
  places: z.array(placeSchema),
});

const sideSchema = z.object({
  id: text(),
  /** A gazetteer file name relative to the profile, or the gazetteer inline. */
  places: z.union([text(), gazetteerSchema]),
  actors: z.array(termSchema).check(z.minLength(1)),
});

export const profileSchema = z.object({
  id: text(),
  description: z.optional(z.string()),
  languages: z.array(text(2)).check(z.minLength(1)),
  sides: z.object({
    a: sideSchema,
    b: sideSchema,
    joint: z.array(termSchema),
    relation: z.array(termSchema).check(z.minLength(1)),
    thirdCountries: z.array(termSchema),
    /** Names that contain a side's name but stand for neither side ('Sea of Japan', '日本海'): matched, then ignored. */
    notActors: z.optional(z.array(termSchema)),
    /** Earthquakes, storms, heavy snow: events that name places of both sides without relating them. */
    naturalEvents: z.optional(z.array(termSchema)),
    /**
     * Detention, seizure, protest: one side acting on the other. Each is also a relation cue; in a title that names
     * one side only, the other side named in the lead stands beside it at weights.incidentCarry.
     */
    incidents: z.optional(z.array(termSchema)),
    /**
     * A person's own trip or travel story (a cycling tour, a travel blog): in its sentence, relation cues and the
     * place-pair weight fall back to pairWithoutRelation, unless a joint term or an institution (an actor of weight
     * 1.2 or more: a company, a ministry, a delegation) stands there too.
     */
    personalTravel: z.optional(z.array(termSchema)),
  }),
  topics: z.record(z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)), z.object({ label: labelSchema, terms: z.array(termSchema).check(z.minLength(1)) })),
  weights: z.object({
    fields: z.object({ title: nonNegative(), lead: nonNegative(), text: nonNegative() }),
    leadChars: count(),
    pairWithoutRelation: share(),
    /** The same for a sentence pairing a place of each side (a region and a prefecture, neither a capital); defaults to pairWithoutRelation. */
    placePairWithoutRelation: z.optional(share()),
    jointTerm: nonNegative(),
    /** How strongly the lead's side stands in a title that names one side and an incident; default 0.5. */
    incidentCarry: z.optional(share()),
    thirdCountryShareExponent: nonNegative(),
    topicThreshold: nonNegative(),
    maxTopics: z.number().check(z.int(), z.positive()),
    maxInputChars: z.optional(z.number().check(z.int(), z.positive())),
  }),
  /** Rule score at or above which the rules alone call an item relevant (the verdict when there is no model). */
  threshold: z.number(),
  /** The trained relevance model's weights file, relative to the profile; without one the rules decide alone. */
  model: z.optional(z.string().check(z.regex(/\.json$/, 'must name a .json weights file'))),
});

export type TermSpec = z.infer<typeof termSchema>;
export type PlaceSpec = z.infer<typeof placeSchema>;
export type Gazetteer = z.infer<typeof gazetteerSchema>;
export type ProfileSpec = z.infer<typeof profileSchema>;

/** 'sides.a.actors.3: Expected string' — the path of the first few problems, for people editing the JSON. */
export function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
