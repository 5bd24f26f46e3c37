import { createInterface } from 'node:readline';
import { classify } from '../../classify/classify.js';
import { ClassifyInputError } from '../../classify/errors.js';
import { loadProfile, type Profile } from '../../classify/profile.js';
import type { ClassifyInput } from '../../core/types.js';
import { UsageError, type CommandIO, type CommandMain } from '../command-io.js';

const USAGE = `usage: rujp classify [--profile FILE] < items.jsonl
  reads one JSON object per line: {"id","title","text","lang"?,"url"?}
  writes one JSON line per input line, in order: {"id","relevant","score","lang","regions","prefectures","topics","evidence"}
  a line that cannot be classified gives {"id","line","error"} and the stream goes on
  --profile FILE   a topic profile JSON (default: the bundled Russia–Japan profile)
`;

interface LineError {
  id: string | null;
  line: number;
  error: string;
}

function parseArgs(argv: string[]): { profilePath?: string; help: boolean } {
  let profilePath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--profile') {
      profilePath = argv[++i];
      if (!profilePath) throw new UsageError(`--profile needs a file\n${USAGE}`);
    } else if (arg.startsWith('--profile=')) profilePath = arg.slice('--profile='.length);
    else throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
  }
  return { profilePath, help: false };
}

// A broken line may still show which item it was; the id helps the caller match the error to its input.
function salvageId(raw: string): string | null {
  const m = /"id"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))/.exec(raw);
  if (!m) return null;
  return m[1] ?? m[2] ?? null;
}

/** One input line to an item, or the reason it is not one. */
export function parseLine(raw: string, line: number): ClassifyInput | LineError {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { id: salvageId(raw), line, error: `line ${line}: not valid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id: null, line, error: `line ${line}: expected a JSON object {"id","title","text"}, got ${Array.isArray(value) ? 'an array' : typeof value}` };
  }
  const o = value as Record<string, unknown>;
  const id = typeof o.id === 'string' ? o.id : typeof o.id === 'number' ? String(o.id) : null;
  if (id === null || id === '') return { id: null, line, error: `line ${line}: "id" is missing or not a string` };
  for (const field of ['title', 'text', 'lang', 'url'] as const) {
    if (o[field] !== undefined && o[field] !== null && typeof o[field] !== 'string') {
      return { id, line, error: `line ${line}: "${field}" must be a string, got ${typeof o[field]}` };
    }
  }
  const item: ClassifyInput = { id, title: (o.title as string | undefined) ?? '', text: (o.text as string | undefined) ?? '' };
  if (typeof o.lang === 'string' && o.lang !== '') item.lang = o.lang;
  if (typeof o.url === 'string') item.url = o.url;
  return item;
}

function write(io: CommandIO, line: string): Promise<void> {
  return new Promise((resolve) => {
    if (io.stdout.write(`${line}\n`)) resolve();
    else io.stdout.once('drain', () => resolve());
  });
}

/** `rujp classify`: JSON lines in, one JSON line out per input line, in order. */
export const main: CommandMain = async (argv, io) => {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const profile: Profile = loadProfile(args.profilePath);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      if (raw.trim() === '') continue;
      const parsed = parseLine(raw, n);
      if ('error' in parsed) {
        await write(io, JSON.stringify(parsed));
        continue;
      }
      try {
        await write(io, JSON.stringify(classify(parsed, profile)));
      } catch (err) {
        // One item the classifier trips over must not stop the others; an unexpected failure says so.
        const why = err instanceof ClassifyInputError ? err.message : `classifier failed: ${(err as Error).message}`;
        await write(io, JSON.stringify({ id: parsed.id, line: n, error: `line ${n}: ${why}` } satisfies LineError));
      }
    }
  } catch (err) {
    io.stderr.write(`rujp classify: cannot read stdin after line ${n}: ${(err as Error).message}\n`);
    return 1;
  }
  return 0;
};
