/**
 * The programs outside Node that the feed-reader and browser tests drive, where each comes
 * from, and how to tell that it works. `npm run test:setup` (run by `npm test` first) installs
 * what is missing; the tests use the same lookups, so both agree on what "installed" means.
 *
 * - Chromium: on x64, the build shipped inside the npm package @sparticuz/chromium
 *   (https://github.com/Sparticuz/chromium), unpacked once into `.rujp/test-tools/`, with the
 *   NSS libraries and fonts the package carries, so it needs nothing from the system but libc.
 *   The package ships x64 only; elsewhere (arm64) Debian's `chromium` is used.
 * - Python's feedparser and newsboat: Debian's `python3-feedparser` and `newsboat`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Chromium, for machines the npm build does not cover or when RUJP_CHROMIUM names another. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumInstall {
  /** What a user reads: "Chromium from @sparticuz/chromium 143.0.4", "Debian's chromium". */
  origin: string;
  executablePath: string;
  /** Environment the browser needs on top of the caller's (its own libraries and fonts). */
  env: Record<string, string>;
  /** Set when the build comes from the npm package: where it is unpacked, and from what. */
  bundled?: { dir: string; packageDir: string; version: string };
}

/** Which Chromium the tests launch here: RUJP_CHROMIUM if set, else the npm build on x64, else Debian's. */
export function chromiumInstall(): ChromiumInstall {
  const override = process.env.RUJP_CHROMIUM;
  if (override) return { origin: `RUJP_CHROMIUM (${override})`, executablePath: override, env: {} };
  if (process.arch !== 'x64' || process.platform !== 'linux') {
    return { origin: "Debian's chromium", executablePath: DEBIAN_CHROMIUM, env: {} };
  }
  const packageDir = packageRoot('@sparticuz/chromium');
  const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  // Outside node_modules, so `npm ci` does not throw the unpacked browser away; versioned, so
  // an upgrade of the package unpacks the new build beside the old one.
  const dir = path.join(REPO_ROOT, '.rujp', 'test-tools', `chromium-${version}-${process.arch}`);
  return {
    origin: `Chromium from @sparticuz/chromium ${version}`,
    executablePath: path.join(dir, 'chromium'),
    env: { LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), FONTCONFIG_FILE: path.join(dir, 'fonts.conf') },
    bundled: { dir, packageDir, version },
  };
}

/** The folder of an installed package (its `exports` do not list package.json, so it is found from the entry point up). */
function packageRoot(name: string): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`${name} is installed without its package.json; run npm ci`);
    dir = up;
  }
  return dir;
}

/** The Chromium version string ("Chromium 143.0.7499.0"), or the reason it does not start. */
export async function chromiumVersion(install: ChromiumInstall = chromiumInstall()): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    const { stdout } = await run(install.executablePath, ['--version'], { env: { ...process.env, ...install.env }, timeout: 30_000 });
    const version = stdout.trim();
    return /chromium|chrome/i.test(version) ? { ok: true, version } : { ok: false, reason: `--version printed "${version}"` };
  } catch (error) {
    return { ok: false, reason: firstLine(error) };
  }
}

/** A Python 3 that can import feedparser: the one on PATH, else the system one (Debian installs there). */
export async function feedparserPython(): Promise<{ ok: true; python: string; version: string } | { ok: false; reason: string }> {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const { stdout } = await run(python, ['-c', 'import feedparser; print(feedparser.__version__)'], { timeout: 30_000 });
      return { ok: true, python, version: stdout.trim() };
    } catch {
      // try the next interpreter
    }
  }
  return { ok: false, reason: 'no python3 can import feedparser' };
}

export async function newsboatVersion(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    const { stdout } = await run('newsboat', ['--version'], { timeout: 30_000 });
    return { ok: true, version: (stdout.split('\n')[0] ?? '').trim() };
  } catch (error) {
    return { ok: false, reason: firstLine(error) };
  }
}

function firstLine(error: unknown): string {
  const e = error as { code?: string; message?: string; stderr?: string };
  if (e.code === 'ENOENT') return 'not found';
  return ((e.stderr || e.message || String(error)).trim().split('\n')[0] ?? 'failed').slice(0, 300);
}
