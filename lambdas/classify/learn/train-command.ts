/**
 * `npm run train:classifier`: trains the relevance model from the labelled training sets and writes its
 * weights to lambdas/classify/data/russia-japan.model.json (or --out). Deterministic: the same sets give
 * the same file. Progress goes to stderr, the summary to stdout.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_FEATURES } from '../features.js';
import { loadProfile } from '../profile.js';
import { itemsOf, labelledSets } from './dataset.js';
import { train, vectorise } from './train.js';

const PROFILE = fileURLToPath(new URL('../data/russia-japan.profile.json', import.meta.url));
const OUT = fileURLToPath(new URL('../data/russia-japan.model.json', import.meta.url));

const USAGE = `usage: npm run train:classifier [-- --out FILE] [--fixtures DIR]
  trains the relevance model on fixtures/classify (the team's sets and corpus/train-*.jsonl; never the unseen sets)
  --out FILE       where to write the weights (default: lambdas/classify/data/russia-japan.model.json)
  --fixtures DIR   the labelled sets' folder (default: fixtures/classify)`;

function parseArgs(argv: string[]): { out: string; fixtures?: string } | null {
  let out = OUT;
  let fixtures: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return null;
    if (a === '--out' && argv[i + 1]) out = argv[++i]!;
    else if (a === '--fixtures' && argv[i + 1]) fixtures = argv[++i]!;
    else throw new Error(`unknown or incomplete argument "${a}"\n${USAGE}`);
  }
  return { out, fixtures };
}

export function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (!args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = Date.now();
  const profile = loadProfile(PROFILE, { model: false });
  const sets = labelledSets(args.fixtures);
  const items = itemsOf(sets, 'train');
  const unseen = itemsOf(sets, 'unseen').length;
  process.stderr.write(`train: ${items.length} training items from ${sets.filter((s) => s.role === 'train').map((s) => s.name).join(', ')}; ${unseen} unseen items left out\n`);
  const data = vectorise(items, profile, ALL_FEATURES);
  const result = train(data, { features: ALL_FEATURES, profileId: profile.id, progress: (m) => process.stderr.write(`train: ${m}\n`) });
  writeFileSync(args.out, `${JSON.stringify(result.spec, null, 1)}\n`);
  const cv = result.crossValidated;
  process.stdout.write(
    `${JSON.stringify({
      out: args.out,
      items: items.length,
      features: Object.keys(result.spec.weights).length,
      l2: result.chosenL2,
      threshold: result.spec.threshold,
      crossValidated: { precision: round(cv.precision), recall: round(cv.recall), f1: round(cv.f1) },
      seconds: Math.round((Date.now() - started) / 100) / 10,
    })}\n`,
  );
  return 0;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`train: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
