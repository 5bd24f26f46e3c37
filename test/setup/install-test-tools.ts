/**
 * `npm run test:setup`, which `npm test` runs first: makes sure the programs the feed-reader and
 * browser tests drive are here, installing what is missing, once. Prints one line: what it
 * installed, or that nothing was needed. When it cannot install (not root, no apt-get, apt
 * fails) it exits non-zero with one line naming the packages and the command, so no test
 * starts: the tests treat a missing program as a failure, never as a skip.
 *
 * Chromium comes from npm (see test/support/test-tools.ts); only what Debian alone has goes
 * through apt-get.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromiumInstall, chromiumVersion, DEBIAN_CHROMIUM, feedparserPython, newsboatVersion, type ChromiumInstall } from '../support/test-tools.js';

class SetupError extends Error {}

const say = (line: string) => process.stdout.write(`test setup: ${line}\n`);

/** The Debian packages of the tools that are missing here. */
async function missingDebianPackages(chromium: ChromiumInstall): Promise<string[]> {
  const [feedparser, newsboat, browser] = await Promise.all([
    feedparserPython(),
    newsboatVersion(),
    chromium.executablePath === DEBIAN_CHROMIUM ? chromiumVersion(chromium) : Promise.resolve({ ok: true }),
  ]);
  return [...(feedparser.ok ? [] : ['python3-feedparser']), ...(newsboat.ok ? [] : ['newsboat']), ...(browser.ok ? [] : ['chromium'])];
}

function hasAptGet(): boolean {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs a command quietly; its output is shown only when it fails. */
function quiet(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) return done();
      const last = output.trim().split('\n').filter(Boolean).pop() ?? '';
      fail(new SetupError(`\`${command} ${args.join(' ')}\` exited ${code}: ${last}`));
    });
  });
}

async function installDebianPackages(packages: string[]): Promise<void> {
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!hasAptGet()) {
    throw new SetupError(`missing ${packages.join(', ')} and this machine has no apt-get: install them with its package manager (on Debian: ${command}), then run npm test again`);
  }
  if (process.getuid?.() !== 0) {
    throw new SetupError(`missing ${packages.join(', ')}; install them as root first: sudo ${command}`);
  }
  // Another apt on the machine (a CI image's own updater) holds the lock for a while: wait for it.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  await quiet('apt-get', [...lock, 'update', '-qq']);
  await quiet('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

/**
 * brotli-compressed tar → a directory, through a plain .tar the system tar then reads (Debian
 * always has one). Not piped into tar's stdin: tar exits at the end-of-archive mark, before
 * the padding after it, and the pipe then fails as closed early.
 */
async function untarBrotli(file: string, into: string): Promise<void> {
  const plain = path.join(into, `${path.basename(file, '.br')}.unpacking`);
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(plain));
  const tar = spawnSync('tar', ['-x', '-f', plain, '-C', into], { encoding: 'utf8' });
  await rm(plain, { force: true });
  if (tar.status !== 0) throw new SetupError(`tar could not unpack ${file}: ${(tar.stderr || tar.error?.message || '').trim()}`);
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Unpacks the npm build of Chromium, its NSS libraries and its fonts into `bundled.dir`. By hand
 * rather than with the package's own `executablePath()`, because that unpacks into the shared
 * temporary folder and returns whatever `chromium` it finds there first (another checkout's,
 * another version's), and unpacks the libraries only on Amazon Linux. Unpacked beside the
 * target, then renamed into place, so an interrupted run never leaves a half browser behind.
 */
async function unpackBundledChromium(bundled: NonNullable<ChromiumInstall['bundled']>): Promise<void> {
  const bin = path.join(bundled.packageDir, 'bin');
  await mkdir(path.dirname(bundled.dir), { recursive: true });
  const staging = await mkdtemp(`${bundled.dir}.partial-`);
  try {
    await pipeline(createReadStream(path.join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(path.join(staging, 'chromium')));
    await chmod(path.join(staging, 'chromium'), 0o755);
    // lib/: libnss3, libnspr4, libexpat and friends, built for Amazon Linux 2023, which run on Debian's glibc too.
    await untarBrotli(path.join(bin, 'al2023.tar.br'), staging);
    // fonts/: Open Sans, so text renders on a machine with no fonts at all; the system's fonts are used as well when present.
    await untarBrotli(path.join(bin, 'fonts.tar.br'), staging);
    const dir = xmlEscape(bundled.dir);
    await writeFile(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${dir}/fonts</dir>\n  <cachedir>${dir}/fonts-cache</cachedir>\n</fontconfig>\n`,
    );
    await rename(staging, bundled.dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another run unpacked it meanwhile: theirs is as good as ours.
      if (!existsSync(bundled.dir)) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const chromium = chromiumInstall();
  const installed: string[] = [];

  // Debian's packages first: a user who cannot install them learns it before anything is unpacked.
  const packages = await missingDebianPackages(chromium);
  if (packages.length > 0) {
    await installDebianPackages(packages);
    installed.push(`installed ${packages.join(', ')} (apt-get)`);
    const still = await missingDebianPackages(chromium);
    if (still.length > 0) throw new SetupError(`apt-get installed ${packages.join(', ')}, but ${still.join(', ')} still do(es) not work`);
  }

  if (chromium.bundled && !existsSync(chromium.bundled.dir)) {
    await unpackBundledChromium(chromium.bundled);
    installed.push(`unpacked ${chromium.origin}`);
  }

  const browser = await chromiumVersion(chromium);
  if (!browser.ok) {
    const hint = chromium.bundled ? `delete ${chromium.bundled.dir} and run npm run test:setup again` : `check that ${chromium.executablePath} runs`;
    throw new SetupError(`${chromium.origin} does not start (${browser.reason}); ${hint}`);
  }
  const [feedparser, newsboat] = await Promise.all([feedparserPython(), newsboatVersion()]);
  const versions = `${browser.version}, feedparser ${feedparser.ok ? feedparser.version : '?'}, ${newsboat.ok ? newsboat.version : 'newsboat ?'}`;
  say(installed.length > 0 ? `${installed.join('; ')} — ${versions}` : `nothing to install (${versions})`);
}

main().catch((error: Error) => {
  process.stderr.write(`test setup: ${error instanceof SetupError ? error.message : `failed: ${error.stack ?? error.message}`}\n`);
  process.exit(1);
});
