/**
 * `rujp sources`: lists and validates the registry; `--check` fetches each source and
 * shows what its selectors find, so a person can fix a source whose layout changed
 * without reading code.
 */
import * as cheerio from 'cheerio';
import type { CommandIO, CommandMain } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { createHttpClient, type HttpClientWithClose } from '../../http/http-client.js';
import type { HttpClient } from '../../http/types.js';
import { startRecordedServer, type RecordedServer } from '../recorded-server.js';
import { discoverCandidates } from '../../sources/discover.js';
import { loadRegistry, RegistryError } from '../../sources/load-registry.js';
import { neverLiveReason, provenanceOf } from '../../sources/provenance.js';
import type { SourceEntry } from '../../sources/registry-schema.js';

const USAGE = `usage: rujp sources [--sources PATH] [--json] [--check [ID]] [--recorded DIR]

Lists the source registry and validates it (exit 1 naming the file, source and field at fault),
with whether and when each entry was checked against the real site (its "checked" field).
  --sources PATH   a registry file (object or array) or folder (default: the repo's sources/)
  --json           one JSON line per source: {"id","name","lang","kind","url","checked"}
                   ("checked": the entry's field, or null); with --check also "check" and
                   "checkedLive" (false when the entry was never checked against the live site)
  --check [ID]     fetch each source (or only ID) and show what its selectors find:
                   item count, the newest titles and dates, warnings, and for sources with
                   article selectors what they find on the newest article page; says of each
                   entry never checked live that it was not, and counts them at the end
  --recorded DIR   with --check: fetch from recorded sites in DIR (fixtures/sites) instead of the web`;

interface Args {
  sources?: string;
  json: boolean;
  check: boolean;
  checkId?: string;
  recorded?: string;
}

function parse(argv: string[]): Args {
  const args: Args = { json: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--sources') args.sources = value('--sources');
    else if (a === '--recorded') args.recorded = value('--recorded');
    else if (a === '--check') {
      args.check = true;
      // The ID after --check is optional: take the next word only when it is not a flag.
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) args.checkId = argv[++i];
    } else if (a.startsWith('--check=')) {
      args.check = true;
      args.checkId = a.slice('--check='.length);
    } else if (a === '--help' || a === '-h') throw new HelpRequested();
    else throw new UsageError(`unknown option "${a}"\n${USAGE}`);
  }
  if (args.recorded && !args.check) throw new UsageError(`--recorded only makes sense with --check\n${USAGE}`);
  return args;
}

class HelpRequested extends Error {}

export interface SourceCheck {
  ok: boolean;
  /** Failure kind and reason when the source could not be read. */
  error?: string;
  status?: number;
  charset?: string;
  items: number;
  newest: Array<{ title?: string; publishedAt?: string; url: string }>;
  warnings: string[];
  article?: { url: string; ok: boolean; error?: string; found: Record<string, string | number | null> };
}

function sample(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** What the article selectors find on one page: each selector's text, or null when it matches nothing. */
function probeArticle(source: SourceEntry, html: string): Record<string, string | number | null> {
  const a = source.article!;
  const $ = cheerio.load(html);
  for (const r of a.remove) $(r).remove();
  const found: Record<string, string | number | null> = {};
  for (const key of ['title', 'date', 'lead'] as const) {
    const sel = a[key];
    if (sel) found[key] = $(sel).length ? sample($(sel).first().attr('datetime') ?? $(sel).first().text()) : null;
  }
  if (a.body) {
    const body = $(a.body).first();
    found.bodyChars = body.length ? body.text().replace(/\s+/g, ' ').trim().length : null;
    found.bodyStart = body.length ? sample(body.text(), 100) : null;
  }
  return found;
}

export async function checkSource(source: SourceEntry, client: HttpClient, now: Date): Promise<SourceCheck> {
  const res = await client.fetch({
    url: source.url,
    purpose: source.kind === 'json' ? 'json' : source.kind === 'html-list' ? 'page' : 'feed',
    ...(source.encoding ? { encoding: source.encoding } : {}),
  });
  if (!res.ok) return { ok: false, error: `${res.kind}: ${res.reason}`, ...(res.status ? { status: res.status } : {}), items: 0, newest: [], warnings: [] };
  if (res.status === 304) return { ok: true, status: 304, items: 0, newest: [], warnings: [] };
  let found;
  try {
    found = discoverCandidates(source, res.body, res.url, now);
  } catch (err) {
    return { ok: false, error: (err as Error).message, status: 200, charset: res.charset, items: 0, newest: [], warnings: [] };
  }
  const check: SourceCheck = {
    ok: found.candidates.length > 0,
    ...(found.candidates.length ? {} : { error: 'no items found' }),
    status: 200,
    charset: res.charset,
    items: found.candidates.length,
    newest: found.candidates.slice(0, 3).map((c) => ({ url: c.url, title: c.title, publishedAt: c.publishedAt })),
    warnings: found.warnings,
  };
  const first = found.candidates[0];
  if (source.article && first) {
    const page = await client.fetch({ url: first.url, purpose: 'page', ...(source.encoding ? { encoding: source.encoding } : {}) });
    if (page.ok && page.status === 200) check.article = { url: first.url, ok: true, found: probeArticle(source, page.body) };
    else check.article = { url: first.url, ok: false, error: page.ok ? 'not modified' : `${page.kind}: ${page.reason}`, found: {} };
    if (check.article.ok && Object.values(check.article.found).some((v) => v === null)) {
      check.warnings.push(`article selectors matched nothing: ${Object.entries(check.article.found).filter(([, v]) => v === null).map(([k]) => `article.${k === 'bodyChars' || k === 'bodyStart' ? 'body' : k}`).filter((v, i, all) => all.indexOf(v) === i).join(', ')}`);
      check.ok = false;
      check.error ??= 'article selectors matched nothing';
    }
  }
  return check;
}

function printCheck(io: CommandIO, c: SourceCheck): void {
  const w = (s: string) => io.stdout.write(`  ${s}\n`);
  if (c.error && !c.items) w(`FAILED ${c.error}`);
  else w(`${c.items} item(s)${c.charset ? `, ${c.charset}` : ''}`);
  for (const n of c.newest) w(`${n.publishedAt ?? 'no date         '}  ${sample(n.title ?? '(no title)', 70)}  ${n.url}`);
  if (c.article) {
    if (!c.article.ok) w(`article ${c.article.url}: ${c.article.error}`);
    else for (const [k, v] of Object.entries(c.article.found)) w(`article.${k}: ${v === null ? 'NOT FOUND' : v}`);
  }
  for (const warning of c.warnings) w(`warning: ${warning}`);
}

export const main: CommandMain = async (argv, io) => {
  let args: Args;
  try {
    args = parse(argv);
  } catch (err) {
    if (err instanceof HelpRequested) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    throw err;
  }
  let sources: SourceEntry[];
  try {
    sources = loadRegistry(args.sources);
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    io.stderr.write(`rujp sources: the registry is invalid:\n${err.message}\n`);
    return 1;
  }
  if (args.checkId) {
    const one = sources.find((s) => s.id === args.checkId);
    if (!one) throw new UsageError(`no source with id "${args.checkId}"; known: ${sources.map((s) => s.id).join(', ')}`);
    sources = [one];
  }

  const row = (s: SourceEntry) => ({ id: s.id, name: s.name, lang: s.lang, kind: s.kind, url: s.url, checked: s.checked ?? null });
  const neverLive = sources.filter((s) => neverLiveReason(s) !== null);

  if (!args.check) {
    for (const s of sources) {
      if (args.json) io.stdout.write(`${JSON.stringify(row(s))}\n`);
      else io.stdout.write(`${s.id.padEnd(20)} ${s.lang} ${s.kind.padEnd(9)} ${provenanceOf(s).label.padEnd(26)} ${s.enabled ? '' : '(disabled) '}${s.name}  ${s.url}\n`);
    }
    if (!args.json) {
      const unchecked = sources.filter((s) => provenanceOf(s).state === 'unchecked').length;
      io.stdout.write(`${sources.length} source(s), registry valid; ${sources.length - unchecked} checked against real pages or code, ${unchecked} never checked\n`);
    }
    return 0;
  }

  let server: RecordedServer | undefined;
  const clients: HttpClientWithClose[] = [];
  let failed = 0;
  try {
    if (args.recorded) server = await startRecordedServer({ root: args.recorded });
    const clientFor = (s: SourceEntry): HttpClientWithClose => {
      const c = createHttpClient({
        ...(server ? { route: server.route, allowOrigins: [server.origin] } : {}),
        // The fetch contract has no per-request Accept, so a source that needs one gets its own client.
        ...(s.accept ? { accept: { feed: s.accept, page: s.accept, json: s.accept } } : {}),
      });
      clients.push(c);
      return c;
    };
    const shared = clientFor({ ...sources[0]!, accept: undefined });
    for (const s of sources) {
      if (!args.json) io.stdout.write(`${s.id}  ${s.kind}  ${s.url}\n`);
      const check = await checkSource(s, s.accept ? clientFor(s) : shared, new Date());
      if (!check.ok) failed++;
      const notLive = neverLiveReason(s);
      if (args.json) io.stdout.write(`${JSON.stringify({ ...row(s), checkedLive: notLive === null, check })}\n`);
      else {
        printCheck(io, check);
        io.stdout.write(`  ${notLive ?? `checked live on ${s.checked!.on}`}\n`);
      }
    }
  } finally {
    for (const c of clients) c.close();
    await server?.close();
  }
  if (!args.json) {
    io.stdout.write(`${sources.length - failed} of ${sources.length} source(s) OK\n`);
    // Said apart from OK: a source can read fine today with selectors nobody ever compared with the site.
    io.stdout.write(`${neverLive.length} of ${sources.length} source(s) never checked live${neverLive.length ? `: ${neverLive.map((s) => s.id).join(', ')}` : ''}\n`);
  }
  return failed ? 1 : 0;
};
