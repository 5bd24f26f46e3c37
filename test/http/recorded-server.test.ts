import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordedSiteError, startRecordedServer, type RecordedServer } from '../../lambdas/local/recorded-server.js';
import { startHttpSites } from './recorded-fixture.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let server: RecordedServer;
beforeAll(async () => {
  server = await startHttpSites();
});
afterAll(async () => {
  await server.close();
});

describe('startRecordedServer', () => {
  it('listens on loopback and maps recorded hosts only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.hosts.sort()).toEqual(['charsets.example', 'faults.example', 'www.kommersant.ru', 'www.mid.ru']);
    expect(server.route(new URL('https://WWW.Kommersant.ru/RSS/news.xml?x=1'))!.href).toBe(`${server.origin}/www.kommersant.ru/RSS/news.xml?x=1`);
    expect(server.route(new URL('https://tass.ru/rss/v2.xml'))).toBeNull();
    expect(server.route(new URL('http://169.254.169.254/latest/'))).toBeNull();
  });

  it('sends the recorded bytes untouched, with the recorded Content-Type and a strong ETag', async () => {
    const res = await get(`${server.origin}/www.kommersant.ru/RSS/news.xml`, { accept: '*/*' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers['last-modified']).toBe('Fri, 20 Sep 2019 06:15:00 GMT');
    // windows-1251 "Я" is 0xDF; as UTF-8 it would be D0 AF.
    expect(res.body.includes(Buffer.from([0xdf, 0xef, 0xee, 0xed, 0xf1, 0xea, 0xe8, 0xe5]))).toBe(true);
  });

  it('answers validators with 304 and HEAD without a body', async () => {
    const url = `${server.origin}/faults.example/rss.xml`;
    const first = await get(url);
    expect((await get(url, { 'if-none-match': String(first.headers.etag) })).status).toBe(304);
    expect((await get(url, { 'if-modified-since': 'Sat, 21 Sep 2019 00:00:00 GMT' })).status).toBe(304);
    expect((await get(url, { 'if-modified-since': 'Thu, 19 Sep 2019 00:00:00 GMT' })).status).toBe(200);
    const head = await get(url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
  });

  it('answers unknown paths and hosts with a small 404 page', async () => {
    const res = await get(`${server.origin}/faults.example/no/such/page`);
    expect(res.status).toBe(404);
    expect(res.body.toString()).toContain('faults.example/no/such/page is not recorded');
    expect((await get(`${server.origin}/tass.ru/rss/v2.xml`)).status).toBe(404);
    expect((await get(`${server.origin}/charsets.example/robots.txt`)).status).toBe(404);
  });

  it('honours status, headers and location overrides', async () => {
    const busy = await get(`${server.origin}/faults.example/unavailable`);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('3600');
    const moved = await get(`${server.origin}/faults.example/moved`);
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe('/rss.xml');
  });

  it('matches a key with a query exactly, and a query-less key as the fallback', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'recorded-'));
    mkdirSync(path.join(root, 'primorsky.ru'));
    writeFileSync(path.join(root, 'primorsky.ru', 'news.html'), '<html><body>page 1</body></html>');
    writeFileSync(path.join(root, 'primorsky.ru', 'news-2.html'), '<html><body>page 2</body></html>');
    writeFileSync(
      path.join(root, 'primorsky.ru', '_routes.json'),
      JSON.stringify({ routes: { '/news/': { file: 'news.html', contentType: 'text/html' }, '/news/?PAGEN_1=2': { file: 'news-2.html', contentType: 'text/html' } } }),
    );
    const local = await startRecordedServer({ root });
    try {
      expect((await get(`${local.origin}/primorsky.ru/news/?PAGEN_1=2`)).body.toString()).toContain('page 2');
      expect((await get(`${local.origin}/primorsky.ru/news/?PAGEN_1=3`)).body.toString()).toContain('page 1');
    } finally {
      await local.close();
    }
  });

  it('streams a 50 MB page in chunks and stops when the client hangs up', async () => {
    const got = await new Promise<number>((resolve, reject) => {
      let bytes = 0;
      const req = request(`${server.origin}/faults.example/huge`, { agent: false }, (res) => {
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes > 1024 * 1024) req.destroy();
        });
        res.on('close', () => resolve(bytes));
      });
      req.on('error', (e) => (bytes > 0 ? resolve(bytes) : reject(e)));
      req.end();
    });
    expect(got).toBeGreaterThan(1024 * 1024);
    expect(got).toBeLessThan(50 * 1024 * 1024);
  });

  it('names the host, route and field of a bad _routes.json', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'recorded-'));
    mkdirSync(path.join(root, 'tass.ru'));
    writeFileSync(path.join(root, 'tass.ru', '_routes.json'), JSON.stringify({ routes: { '/rss/v2.xml': { file: 'rss.xml', fault: 'explode' } } }));
    await expect(startRecordedServer({ root })).rejects.toThrow(RecordedSiteError);
    await expect(startRecordedServer({ root })).rejects.toThrow(/^tass\.ru\/_routes\.json: routes\.\/rss\/v2\.xml\.fault: /);

    writeFileSync(path.join(root, 'tass.ru', '_routes.json'), JSON.stringify({ routes: { '/rss/v2.xml': { file: 'missing.xml' } } }));
    await expect(startRecordedServer({ root })).rejects.toThrow('tass.ru/_routes.json: route "/rss/v2.xml": file "missing.xml" not found');
  });
});
