// A namespace import lets esbuild keep only the schemas used; the named `z` drags in every locale (~360 KB).
import * as z from 'zod';

/** A term as written in a profile: the bare phrase (weight 1) or a phrase with its weight. */
export const termSchema = z.union([z.string().min(1), z.object({ t: z.string().min(1), w: z.number().positive() })]);

const labelSchema = z.object({ en: z.string(), ru: z.string().optional(), ja: z.string().optional() });

export const placeSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are kebab-case'),
  name: labelSchema,
  /** A national capital: a bare venue mention ('в Москве', 'in Tokyo', '東京で') does not make it an actor. */
  capital: z.boolean().optional(),
  terms: z.array(z.string().min(1)).min(1),
});

export const gazetteerSchema = z.object({
  side: z.string(),
  note: z.string().optional(),
  places: z.array(placeSchema),
});

const sideSchema = z.object({
  id: z.string().min(1),
  /** A gazetteer file name relative to the profile, or the gazetteer inline. */
  places: z.union([z.string().min(1), gazetteerSchema]),
  actors: z.array(termSchema).min(1),
});

export const profileSchema = z.object({
  id: z.string().min(1),
  description: z.string().optional(),
  languages: z.array(z.string().min(2)).min(1),
  sides: z.object({
    a: sideSchema,
    b: sideSchema,
    joint: z.array(termSchema),
    relation: z.array(termSchema).min(1),
    thirdCountries: z.array(termSchema),
    /** Names that contain a side's name but stand for neither side ('Sea of Japan', '日本海'): matched, then ignored. */
    notActors: z.array(termSchema).optional(),
    /** Earthquakes, storms, heavy snow: events that name places of both sides without relating them. */
    naturalEvents: z.array(termSchema).optional(),
  }),
  topics: z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), z.object({ label: labelSchema, terms: z.array(termSchema).min(1) })),
  weights: z.object({
    fields: z.object({ title: z.number().nonnegative(), lead: z.number().nonnegative(), text: z.number().nonnegative() }),
    leadChars: z.number().int().nonnegative(),
    pairWithoutRelation: z.number().min(0).max(1),
    /** The same for a sentence pairing a place of each side (a region and a prefecture, neither a capital); defaults to pairWithoutRelation. */
    placePairWithoutRelation: z.number().min(0).max(1).optional(),
    jointTerm: z.number().nonnegative(),
    thirdCountryShareExponent: z.number().nonnegative(),
    topicThreshold: z.number().nonnegative(),
    maxTopics: z.number().int().positive(),
    maxInputChars: z.number().int().positive().optional(),
  }),
  threshold: z.number(),
});

export type TermSpec = z.infer<typeof termSchema>;
export type PlaceSpec = z.infer<typeof placeSchema>;
export type Gazetteer = z.infer<typeof gazetteerSchema>;
export type ProfileSpec = z.infer<typeof profileSchema>;

/** 'sides.a.actors.3: Expected string' — the path of the first few problems, for people editing the JSON. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
