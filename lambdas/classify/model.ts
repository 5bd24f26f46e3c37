/**
 * The trained relevance model: a logistic regression over the features of features.ts, read from a
 * JSON weights file that `npm run train:classifier` writes. Loading checks the whole file, so a corrupt
 * or truncated one stops the start with its name rather than scoring every item as "not relevant".
 */
import { readFileSync } from 'node:fs';
import * as z from '../core/schema.js';
import { ProfileError } from './errors.js';
import { describeIssues } from './profile-schema.js';
import type { FeatureOptions, FeatureVector } from './features.js';

export const MODEL_FORMAT = 'rujp-relevance-model/1';

const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));

export const modelSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  /** The profile whose rules and lexicons produced the features. */
  profile: z.string().check(z.minLength(1)),
  features: z.strictObject({ text: z.boolean(), rules: z.boolean() }),
  bias: finite,
  /** Probability at or above which an item is relevant, chosen by cross-validation. */
  threshold: z.number().check(z.gt(0), z.lt(1)),
  weights: z.record(z.string(), finite),
  /** How the weights were made: data, seed, regularisation, cross-validated figures. Informative only. */
  training: z.optional(z.record(z.string(), z.unknown())),
});

export type ModelSpec = z.infer<typeof modelSchema>;

export interface RelevanceModel {
  spec: ModelSpec;
  features: FeatureOptions;
  weights: Map<string, number>;
}

/** A feature's share of one verdict: its weight times its value. */
export interface Contribution {
  feature: string;
  value: number;
}

export function compileModel(value: unknown, where: string, profileId: string): RelevanceModel {
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) throw new ProfileError(`classifier model ${where}: ${describeIssues(parsed.error)}`);
  const spec = parsed.data;
  if (spec.profile !== profileId) {
    throw new ProfileError(`classifier model ${where}: trained for profile "${spec.profile}", not "${profileId}"; retrain it with npm run train:classifier`);
  }
  return { spec, features: spec.features, weights: new Map(Object.entries(spec.weights)) };
}

export function readModelFile(path: string, profileId: string): RelevanceModel {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProfileError(`classifier model ${path} cannot be read: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new ProfileError(`classifier model ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return compileModel(value, path, profileId);
}

/** The model's raw score (log-odds) of a feature vector. */
export function logOdds(model: RelevanceModel, v: FeatureVector): number {
  let z = model.spec.bias;
  for (const [name, x] of v) {
    const w = model.weights.get(name);
    if (w !== undefined) z += w * x;
  }
  return z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The features that moved this verdict most, either way. */
export function strongestContributions(model: RelevanceModel, v: FeatureVector, limit: number): Contribution[] {
  const out: Contribution[] = [];
  for (const [name, x] of v) {
    const w = model.weights.get(name);
    if (w !== undefined && w !== 0) out.push({ feature: name, value: w * x });
  }
  return out.sort((p, q) => Math.abs(q.value) - Math.abs(p.value) || (p.feature < q.feature ? -1 : 1)).slice(0, limit);
}
