import { mkdtemp, readFile, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory, type ServedDirectory } from '../../lambdas/local/feed-server.js';
import { isLocalBaseUrl, publishedBaseUrl } from '../../lambdas/local/published-base.js';
import { renderFeedSet } from '../../lambdas/feed/render-feed-set.js';
import { label, loadEntries, NOW, settings, writeFiles } from './fixture-set.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// A raw request: fetch() would normalise the path and hide traversal attempts.
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const url = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('serveDirectory', () => {
  let root: string;
  let server: ServedDirectory;
  const rss = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Приморье</title></channel></rss>\n';

  beforeAll(async () => {
    // Prepare: a published tree and a secret beside it that must stay out of reach.
    const parent = await mkdtemp(join(tmpdir(), 'rujp-serve-'));
    root = join(parent, 'public');
    await mkdir(join(root, 'regions', 'primorsky-krai'), { recursive: true });
    await writeFile(join(parent, 'secret.txt'), 'do not serve');
    await writeFile(join(root, 'feed.xml'), rss);
    await writeFile(join(root, 'regions', 'primorsky-krai', 'atom.xml'), '<feed xmlns="http://www.w3.org/2005/Atom"/>');
    await writeFile(join(root, 'feed.json'), '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}');
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Лента</title>');
    await writeFile(join(root, 'feeds.opml'), '<opml version="2.0"/>');
    await utimes(join(root, 'feed.xml'), new Date('2024-02-02T10:00:00Z'), new Date('2024-02-02T10:00:00Z'));
    server = await serveDirectory(root);
  });
  afterAll(async () => {
    await server.close();
    await rm(join(root, '..'), { recursive: true, force: true });
  });

  it('listens on loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves a feed with media type, charset, cache and validators', async () => {
    const answer = await get(server.url, '/feed.xml');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(rss);
    expect(answer.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(answer.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(answer.headers['etag']).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(answer.headers['last-modified']).toBe('Fri, 02 Feb 2024 10:00:00 GMT');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(rss)));
  });

  it('names the right type for Atom, JSON Feed, OPML and the page', async () => {
    const types = await Promise.all(['/regions/primorsky-krai/atom.xml', '/feed.json', '/feeds.opml', '/'].map(async (p) => (await get(server.url, p)).headers['content-type']));
    expect(types).toEqual(['application/atom+xml; charset=utf-8', 'application/feed+json; charset=utf-8', 'text/x-opml; charset=utf-8', 'text/html; charset=utf-8']);
  });

  it('answers If-None-Match with 304 and no body, and a stale tag with the file', async () => {
    const { headers } = await get(server.url, '/feed.xml');
    const etag = String(headers['etag']);
    const fresh = await get(server.url, '/feed.xml', { 'If-None-Match': etag });
    expect(fresh.status).toBe(304);
    expect(fresh.body).toBe('');
    expect(fresh.headers['etag']).toBe(etag);
    expect((await get(server.url, '/feed.xml', { 'If-None-Match': `W/${etag}, "other"` })).status).toBe(304);
    expect((await get(server.url, '/feed.xml', { 'If-None-Match': '"stale"' })).status).toBe(200);
  });

  it('answers If-Modified-Since with 304 unless the file is newer', async () => {
    expect((await get(server.url, '/feed.xml', { 'If-Modified-Since': 'Fri, 02 Feb 2024 10:00:00 GMT' })).status).toBe(304);
    expect((await get(server.url, '/feed.xml', { 'If-Modified-Since': 'Fri, 02 Feb 2024 09:59:59 GMT' })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
    expect((await get(server.url, '/feed.xml', { 'If-None-Match': '"stale"', 'If-Modified-Since': 'Fri, 02 Feb 2030 10:00:00 GMT' })).status).toBe(200);
  });

  it('sees a rewritten file: new bytes, new ETag', async () => {
    const before = String((await get(server.url, '/feed.json')).headers['etag']);
    await writeFile(join(root, 'feed.json'), '{"version":"https://jsonfeed.org/version/1.1","title":"changed","items":[]}');
    const after = await get(server.url, '/feed.json', { 'If-None-Match': before });
    expect(after.status).toBe(200);
    expect(after.body).toContain('changed');
    expect(after.headers['etag']).not.toBe(before);
  });

  it('answers HEAD with headers only', async () => {
    const answer = await get(server.url, '/feed.xml', {}, 'HEAD');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(rss)));
  });

  it('gives a 404 page for missing files and refuses other methods', async () => {
    const missing = await get(server.url, '/regions/nowhere/feed.xml');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('Not found');
    expect((await get(server.url, '/feed.xml', {}, 'POST')).status).toBe(405);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/regions/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/feed.xml%00.txt', '/%E0%A4%A'])('keeps %s inside the directory', async (path) => {
    const answer = await get(server.url, path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('do not serve');
  });
});

describe('serveDirectory with rebaseFrom: links follow the port served', () => {
  const published = 'http://127.0.0.1:8787/';
  let root: string;
  let server: ServedDirectory;

  beforeAll(async () => {
    // Prepare: a feed set rendered as a local run renders it, for the default port.
    root = await mkdtemp(join(tmpdir(), 'rujp-rebase-'));
    await writeFiles(root, renderFeedSet(loadEntries(), { ...settings, baseUrl: published }, { label, now: NOW }));
    await writeFile(join(root, 'logo.png'), Buffer.from(`\x89PNG${published}`, 'latin1'));
    server = await serveDirectory(root, { rebaseFrom: published });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves self links, alternates, the OPML and JSON Feed URLs on its own base', async () => {
    expect(server.url).not.toBe(published);
    const rss = (await get(server.url, '/feed.xml')).body;
    expect(rss).toContain(`<atom:link href="${server.url}feed.xml" rel="self"`);
    expect(rss).toContain(`<atom:link href="${server.url}atom.xml" rel="alternate"`);
    expect((await get(server.url, '/regions/amur-oblast/atom.xml')).body).toContain(`<link rel="self" type="application/atom+xml" href="${server.url}regions/amur-oblast/atom.xml"/>`);
    const json = JSON.parse((await get(server.url, '/feed.json')).body) as { feed_url: string; home_page_url: string };
    expect([json.feed_url, json.home_page_url]).toEqual([`${server.url}feed.json`, `${server.url}index.html`]);
    const opml = (await get(server.url, '/feeds.opml')).body;
    expect([...opml.matchAll(/xmlUrl="([^"]+)"/g)].every(([, url]) => url!.startsWith(server.url))).toBe(true);
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', '/feeds.opml', '/index.html', '/topics/tourism/feed.xml']) {
      expect((await get(server.url, path)).body, path).not.toContain(published);
    }
  });

  it('sends validators and length of the bytes it serves, and leaves the files and binaries as they are', async () => {
    const first = await get(server.url, '/feed.xml');
    expect(first.headers['content-length']).toBe(String(Buffer.byteLength(first.body)));
    expect((await get(server.url, '/feed.xml', { 'If-None-Match': String(first.headers['etag']) })).status).toBe(304);
    expect(await readFile(join(root, 'feed.xml'), 'utf8')).toContain(`${published}feed.xml`);
    expect((await get(server.url, '/logo.png')).body).toContain(published);
  });
});

describe('publishedBaseUrl and isLocalBaseUrl', () => {
  it('reads the base a folder was rendered for from its main feed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rujp-base-'));
    try {
      expect(publishedBaseUrl(dir)).toBeNull();
      await writeFiles(dir, renderFeedSet([], { ...settings, baseUrl: 'http://127.0.0.1:9123/' }, { label, now: NOW }));
      expect(publishedBaseUrl(dir)).toBe('http://127.0.0.1:9123/');
      await writeFiles(dir, renderFeedSet([], { ...settings, baseUrl: 'https://feeds.example.org/rujp/?a=1&b=2/' }, { label, now: NOW }));
      expect(publishedBaseUrl(dir)).toBe('https://feeds.example.org/rujp/?a=1&b=2/');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['http://127.0.0.1:8787/', true],
    ['http://127.1.2.3:80/', true],
    ['http://localhost:8787/', true],
    ['http://[::1]:8787/', true],
    ['https://127.0.0.1:8787/', false],
    ['https://feeds.example.org/', false],
    ['http://192.168.1.10:8787/', false],
    ['not a url', false],
  ])('%s is a local base: %s', (url, local) => {
    expect(isLocalBaseUrl(url)).toBe(local);
  });
});
