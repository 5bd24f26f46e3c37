import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderFeedSet } from '../../lambdas/feed/render-feed-set.js';
import { label, loadEntries, NOW, settings, writeFiles } from '../feed/fixture-set.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const children: ChildProcess[] = [];

/** Starts `rujp …` and resolves with the base URL once it says where it serves. */
function startServing(args: string[]): Promise<{ url: string; stdout: () => string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'cli', 'rujp.mjs'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`rujp ${args.join(' ')} did not start serving in time:\n${stdout}\n${stderr}`)), 90_000);
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const served = /Serving .* at (http:\/\/\S+\/)\n/.exec(stdout);
      if (served) {
        clearTimeout(timer);
        done({ url: served[1]!, stdout: () => stdout });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`rujp ${args.join(' ')} exited ${code} before serving:\n${stdout}\n${stderr}`));
    });
  });
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise((ok) => probe.close(ok));
  return port;
}

/** Every link the served set gives a reader back to itself: RSS, Atom, JSON Feed and OPML. */
async function selfLinks(base: string): Promise<string[]> {
  const text = async (file: string) => (await fetch(new URL(file, base))).text();
  const rss = await text('feed.xml');
  const atom = await text('atom.xml');
  const json = JSON.parse(await text('feed.json')) as { feed_url: string; home_page_url: string };
  const opml = await text('feeds.opml');
  return [
    /<atom:link href="([^"]+)" rel="self"/.exec(rss)![1]!,
    /<link rel="self" type="application\/atom\+xml" href="([^"]+)"/.exec(atom)![1]!,
    json.feed_url,
    json.home_page_url,
    ...[...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1]!),
  ];
}

afterEach(() => {
  // Only the children this file started, each by its own handle.
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

describe('rujp serve: the links of the feeds follow the port served', () => {
  const temp = tempDir('rujp-serve-links-');
  beforeAll(async () => {
    // Feeds as `rujp run` writes them: for the default port.
    await writeFiles(temp.dir, renderFeedSet(loadEntries(), { ...settings, baseUrl: 'http://127.0.0.1:8787/' }, { label, now: NOW }));
  });
  afterAll(() => temp.cleanup());

  it.each([['--port N', true], ['--port 0', false]])('%s', async (_name, fixed) => {
    const port = fixed ? await freePort() : 0;
    const { url, stdout } = await startServing(['serve', '--port', String(port), '--dir', temp.dir]);
    if (fixed) expect(url).toBe(`http://127.0.0.1:${port}/`);
    const links = await selfLinks(url);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(link.startsWith(url), link).toBe(true);
    expect(stdout()).toContain('the feeds were written for http://127.0.0.1:8787/');
    // The files on disk keep what they were written with.
    expect(readFileSync(path.join(temp.dir, 'feed.xml'), 'utf8')).toContain('http://127.0.0.1:8787/feed.xml');
  });
});

describe('rujp demo: published links follow --port', () => {
  const temp = tempDir('rujp-demo-links-');
  afterAll(() => temp.cleanup());

  it('--port 0 serves on a free port and every self link names it', async () => {
    const { url } = await startServing(['demo', '--port', '0', '--data-dir', path.join(temp.dir, 'data'), '--out', path.join(temp.dir, 'zero')]);
    expect(url).not.toBe('http://127.0.0.1:0/');
    for (const link of await selfLinks(url)) expect(link.startsWith(url), link).toBe(true);
  });

  it('--port N --no-serve writes the feeds for that port', async () => {
    const out = path.join(temp.dir, 'fixed');
    const result = await runCli(['demo', '--no-serve', '--port', '9123', '--data-dir', path.join(temp.dir, 'data'), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'feed.xml'), 'utf8')).toContain('<atom:link href="http://127.0.0.1:9123/feed.xml" rel="self"');
    expect(readFileSync(path.join(out, 'feeds.opml'), 'utf8')).toContain('xmlUrl="http://127.0.0.1:9123/feed.xml"');
  });
});

describe('each of run, demo and start answers --help with its own usage', () => {
  it.each([
    ['run', /^usage: rujp run /, /--port/],
    ['demo', /^usage: rujp demo /, /--sources/],
    ['start', /^usage: rujp start \[--no-serve\] \[--port N\]/, /usage: rujp (run|demo)/],
  ])('rujp %s --help', async (command, usage, notInIt) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(usage);
    expect(result.stdout).not.toMatch(notInIt);
  });

  it('rujp start with a bad option shows the start usage', async () => {
    const result = await runCli(['start', '--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port must be a port number/);
    expect(result.stderr).toMatch(/usage: rujp start /);
  });
});
