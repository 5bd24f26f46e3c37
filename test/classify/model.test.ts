import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from '../../lambdas/classify/classify.js';
import { ProfileError } from '../../lambdas/classify/errors.js';
import { ALL_FEATURES } from '../../lambdas/classify/features.js';
import { chooseThreshold, groupedFolds, precisionRecallCurve, averagePrecision } from '../../lambdas/classify/learn/cross-validate.js';
import { itemsOf, labelledSets, storyGroup } from '../../lambdas/classify/learn/dataset.js';
import { fitLogistic, predictProbability, type SparseRow } from '../../lambdas/classify/learn/logistic.js';
import { train, vectorise } from '../../lambdas/classify/learn/train.js';
import { loadProfile } from '../../lambdas/classify/profile.js';
import { main as rujp } from '../../lambdas/local/cli.js';
import { memoryIO } from '../support/memory-io.js';

const DATA = fileURLToPath(new URL('../../lambdas/classify/data/', import.meta.url));
const PROFILE = join(DATA, 'russia-japan.profile.json');

/** A copy of the bundled profile in a folder of its own, with its gazetteers by absolute path and `model` as given. */
function profileCopy(model: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'rujp-model-'));
  const spec = JSON.parse(readFileSync(PROFILE, 'utf8'));
  spec.sides.a.places = join(DATA, 'russia-regions.json');
  spec.sides.b.places = join(DATA, 'japan-prefectures.json');
  if (model !== undefined) writeFileSync(join(dir, 'russia-japan.model.json'), typeof model === 'string' ? model : JSON.stringify(model));
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(spec));
  return join(dir, 'profile.json');
}

const shipped = JSON.parse(readFileSync(join(DATA, 'russia-japan.model.json'), 'utf8'));

describe('the trained relevance model decides', () => {
  const item = {
    id: 'soy',
    title: 'Амурская соя впервые ушла в Японию',
    text: 'Первая партия амурской сои отправлена покупателю в префектуре Иватэ, сообщает правительство Амурской области.',
  };

  it('gives a probability as the score and compares it with the trained threshold', () => {
    const r = classify(item);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.relevant).toBe(r.score >= shipped.threshold);
    const neg = classify({ id: 'n', title: 'Амурская соя ушла в Китай', text: 'Партия сои отправлена покупателю в провинции Хэйлунцзян.' });
    expect(neg.relevant).toBe(false);
    expect(neg.score).toBeLessThan(r.score);
  });

  it('says why: the rules\' matches, then the model features that moved the verdict, signed', () => {
    const r = classify(item);
    expect(r.evidence.some((e) => e.kind === 'region:amur-oblast')).toBe(true);
    const model = r.evidence.filter((e) => e.kind.startsWith('model:'));
    expect(model.length).toBeGreaterThan(0);
    expect(model.length).toBeLessThanOrEqual(8);
    for (const e of model) expect(e.weight).not.toBe(0);
    // Class characters of Japanese features read as ‹A›/‹B› in evidence, never as private-use characters.
    const ja = classify({ id: 'j', title: 'サハリン州の訪問団が北海道を訪問', text: '交流協定に署名した。' });
    for (const e of ja.evidence) expect(e.term).not.toMatch(/[\uE000-\uF8FF]/);
  });

  it('stops with the file named when the weights file is missing or corrupt, never a silent "not relevant"', () => {
    expect(() => loadProfile(profileCopy(undefined))).toThrow(ProfileError);
    expect(() => loadProfile(profileCopy(undefined))).toThrow(/russia-japan\.model\.json cannot be read/);
    expect(() => loadProfile(profileCopy('{"format": "rujp-relevance'))).toThrow(/russia-japan\.model\.json is not valid JSON/);
    expect(() => loadProfile(profileCopy({ ...shipped, weights: { 'u:япон': 'heavy' } }))).toThrow(/russia-japan\.model\.json: weights\.u:япон/);
    expect(() => loadProfile(profileCopy({ ...shipped, threshold: 2.1 }))).toThrow(/russia-japan\.model\.json: threshold/);
    expect(() => loadProfile(profileCopy({ ...shipped, profile: 'russia-korea' }))).toThrow(/trained for profile "russia-korea"/);
  });

  it('rujp classify refuses to start on a broken model, naming the file', async () => {
    const io = memoryIO('{"id":"1","title":"Hokkaido governor meets Sakhalin delegation","text":""}\n');
    const code = await rujp(['classify', '--profile', profileCopy('not json')], io);
    expect(code).toBe(1);
    expect(io.stdoutText()).toBe('');
    expect(io.stderrText()).toMatch(/rujp classify: classifier model .*russia-japan\.model\.json is not valid JSON/);
  });
});

describe('logistic regression and its cross-validation', () => {
  const rows = (pairs: Array<[number[], 0 | 1]>): SparseRow[] =>
    pairs.map(([idx, label]) => ({ index: Int32Array.from(idx), value: Float64Array.from(idx.map(() => 1)), label }));

  it('learns which feature marks the positives, and gives the same weights on every run', () => {
    const data = rows([
      [[0, 2], 1],
      [[0, 3], 1],
      [[0], 1],
      [[1, 2], 0],
      [[1, 3], 0],
      [[1], 0],
    ]);
    const a = fitLogistic(data, 4, { l2: 1e-3 });
    const b = fitLogistic(data, 4, { l2: 1e-3 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.weights[0]!).toBeGreaterThan(1);
    expect(a.weights[1]!).toBeLessThan(-1);
    expect(Math.abs(a.weights[2]!)).toBeLessThan(0.1);
    expect(predictProbability(rows([[[0], 1]])[0]!, a)).toBeGreaterThan(0.9);
    expect(predictProbability(rows([[[1], 0]])[0]!, a)).toBeLessThan(0.1);
  });

  it('keeps every story in one fold and the folds even', () => {
    const groups = ['s1', 's1', 's1', 's2', 's3', 's3', 's4', 's5', 's6', 's7', 's8', 's8'];
    const folds = groupedFolds(groups, 3, 7);
    for (const g of new Set(groups)) expect(new Set(folds.filter((_, i) => groups[i] === g)).size).toBe(1);
    const sizes = [0, 1, 2].map((f) => folds.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(groupedFolds(groups, 3, 7)).toEqual(folds);
  });

  it('chooses the threshold between the classes, and measures the curve', () => {
    const gold = [true, true, true, false, false, false];
    const p = [0.9, 0.8, 0.6, 0.4, 0.3, 0.1];
    const { threshold, scores } = chooseThreshold(gold, p);
    expect(threshold).toBeGreaterThan(0.4);
    expect(threshold).toBeLessThan(0.6);
    expect(scores.f1).toBe(1);
    expect(averagePrecision(gold, p)).toBe(1);
    expect(precisionRecallCurve(gold, p)[2]).toEqual({ threshold: 0.6, precision: 1, recall: 1 });
  });
});

describe('the shipped weights', () => {
  it('are what npm run train:classifier makes of the labelled sets, and were never fitted to an unseen set', () => {
    const sets = labelledSets();
    const items = itemsOf(sets, 'train');
    expect(items.some((it) => it.set === 'heldout2' || it.set.startsWith('corpus/unseen-'))).toBe(false);
    // No story straddles training and unseen items, so the unseen figure is not a story remembered.
    const trainStories = new Set(items.filter((it) => it.story).map(storyGroup));
    for (const it of itemsOf(sets, 'unseen')) if (it.story) expect(trainStories.has(storyGroup(it)), it.id).toBe(false);

    const profile = loadProfile(PROFILE, { model: false });
    const result = train(vectorise(items, profile, ALL_FEATURES), { features: ALL_FEATURES, profileId: profile.id, l2Grid: [shipped.training.l2] });
    expect(result.spec.weights).toEqual(shipped.weights);
    expect(result.spec.bias).toBe(shipped.bias);
    expect(result.spec.threshold).toBe(shipped.threshold);
  }, 60_000);
});
