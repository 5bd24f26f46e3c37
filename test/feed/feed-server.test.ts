import { mkdtemp, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory, type ServedDirectory } from '../../lambdas/local/feed-server.js';

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
