/**
 * Reads the source registry (a folder of `<id>.json` files, or one file holding an
 * object or an array) and validates every entry before any work starts, so a typo
 * stops `rujp run` with the file, the source id and the field at fault.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { sourceEntrySchema, type SourceEntry } from './registry-schema.js';

/**
 * The registry that ships with the code, found from this module's location so any cwd
 * works: `sources/` (or `sources.json`) beside a Lambda bundle's `index.mjs`, where the stack
 * copies it, else the repo's own `sources/` folder.
 */
export const DEFAULT_SOURCES_DIR = [
  fileURLToPath(new URL('./sources/', import.meta.url)),
  fileURLToPath(new URL('./sources.json', import.meta.url)),
  fileURLToPath(new URL('../../sources/', import.meta.url)),
].find((dir) => existsSync(dir)) ?? fileURLToPath(new URL('../../sources/', import.meta.url));

export interface RegistryProblem {
  file: string;
  /** The entry's id when it has a readable one, else its position ("#2"). */
  source: string | null;
  /** Dot path of the field at fault ("list.item"), or null for the whole file/entry. */
  field: string | null;
  message: string;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(readonly problems: RegistryProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: RegistryProblem): string {
  let line = p.file;
  if (p.source !== null) line += `: source ${JSON.stringify(p.source)}`;
  if (p.field !== null) line += `: field ${JSON.stringify(p.field)}`;
  return `${line}: ${p.message}`;
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

function registryFiles(target: string): string[] {
  let st;
  try {
    st = statSync(target);
  } catch {
    throw new RegistryError([{ file: displayPath(target), source: null, field: null, message: 'no such file or folder' }]);
  }
  if (!st.isDirectory()) return [target];
  return readdirSync(target)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(target, f));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return 'is required';
  return issue.message;
}

/**
 * Loads and validates the registry. Throws a RegistryError listing every problem found,
 * not just the first, so one edit-run cycle fixes them all.
 *
 * @example loadRegistry()                  // every sources/*.json of the repo
 * @example loadRegistry('my-sources.json') // one file: an object or an array of entries
 */
export function loadRegistry(pathOrDir?: string): SourceEntry[] {
  const files = registryFiles(path.resolve(pathOrDir ?? DEFAULT_SOURCES_DIR));
  const problems: RegistryProblem[] = [];
  const entries: SourceEntry[] = [];
  const seen = new Map<string, string>();

  for (const file of files) {
    const shown = displayPath(file);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ file: shown, source: null, field: null, message: `not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const raw = Array.isArray(data) ? data : [data];
    raw.forEach((entry, index) => {
      const rawId =
        entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string'
          ? (entry as { id: string }).id
          : `#${index + 1}`;
      if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
        problems.push({ file: shown, source: rawId, field: null, message: 'must be a JSON object' });
        return;
      }
      const parsed = sourceEntrySchema.safeParse(entry);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
          const field = issue.path.length ? issue.path.join('.') : keys.length === 1 ? keys[0]! : null;
          problems.push({ file: shown, source: rawId, field, message: describeIssue(issue) });
        }
        return;
      }
      const other = seen.get(parsed.data.id);
      if (other) {
        problems.push({ file: shown, source: rawId, field: 'id', message: `duplicate id, already used in ${other}` });
        return;
      }
      seen.set(parsed.data.id, shown);
      entries.push(parsed.data);
    });
  }
  if (problems.length) throw new RegistryError(problems);
  if (!entries.length) {
    throw new RegistryError([{ file: displayPath(files[0] ?? pathOrDir ?? DEFAULT_SOURCES_DIR), source: null, field: null, message: 'holds no sources' }]);
  }
  return entries;
}
