import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedServer } from '../../lambdas/local/recorded-server.js';
import type { FetchResult } from '../../lambdas/http/types.js';
import { recordedClient, startHttpSites } from './recorded-fixture.js';

let server: RecordedServer;
beforeAll(async () => {
  server = await startHttpSites();
});
afterAll(async () => {
  await server.close();
});

function expectFailure(res: FetchResult, kind: string) {
  if (res.ok) throw new Error(`expected a ${kind} failure, got HTTP ${res.status} for ${res.url}`);
  expect(res.kind).toBe(kind);
  return res;
}

function expectBody(res: FetchResult) {
  if (!res.ok || res.status !== 200) throw new Error(`expected a body, got ${JSON.stringify(res)}`);
  return res;
}

describe('a healthy source', () => {
  it('is fetched through the recorded server under its real URL, with validators', async () => {
    // Prepare
    const { client } = recordedClient(server);
    // Act
    const res = expectBody(await client.fetch({ url: 'https://faults.example/rss.xml', purpose: 'feed' }));
    // Assess
    expect(res.url).toBe('https://faults.example/rss.xml');
    expect(res.charset).toBe('utf-8');
    expect(res.body).toContain('<title>Сахалин и Хоккайдо договорились расширить экономическое сотрудничество</title>');
    expect(res.etag).toMatch(/^".+"$/);
    expect(res.lastModified).toBe('Fri, 20 Sep 2019 02:00:00 GMT');
    expect(res.raw.toString('utf8')).toBe(res.body);
  });

  it('costs one request and no body when unchanged (conditional GET → 304)', async () => {
    const { client } = recordedClient(server, { respectRobots: false });
    const first = expectBody(await client.fetch({ url: 'https://faults.example/rss.xml', purpose: 'feed' }));
    const before = client.requestCount;
    const byEtag = await client.fetch({ url: first.url, purpose: 'feed', etag: first.etag! });
    const byDate = await client.fetch({ url: first.url, purpose: 'feed', lastModified: first.lastModified! });
    expect(byEtag).toEqual({ ok: true, status: 304, url: 'https://faults.example/rss.xml' });
    expect(byDate).toMatchObject({ ok: true, status: 304 });
    expect(client.requestCount - before).toBe(2);
  });

  it('sends its User-Agent with the project URL, and a configured one when given', async () => {
    const seen: string[] = [];
    const spy = await import('node:http').then(({ createServer: mk }) =>
      new Promise<import('node:http').Server>((resolve) => {
        const s = mk((req, res) => {
          seen.push(String(req.headers['user-agent']));
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('ok');
        });
        s.listen(0, '127.0.0.1', () => resolve(s));
      }),
    );
    const origin = `http://127.0.0.1:${(spy.address() as import('node:net').AddressInfo).port}`;
    try {
      const { client: byDefault } = recordedClient(server, { allowOrigins: [origin] });
      const { client: custom } = recordedClient(server, { allowOrigins: [origin], userAgent: 'regional-watch/2.0 (+https://example.org/bot)' });
      await byDefault.fetch({ url: `${origin}/feed`, purpose: 'feed' });
      await custom.fetch({ url: `${origin}/feed`, purpose: 'feed' });
    } finally {
      spy.closeAllConnections();
      await new Promise((r) => spy.close(r));
    }
    // robots.txt and the page both carry it.
    expect(seen.slice(0, 2)).toEqual([expect.stringMatching(/^rujp-feed\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/rujp-feed\/rujp-feed\)$/), expect.stringMatching(/^rujp-feed\//)]);
    expect(seen.slice(2)).toEqual(['regional-watch/2.0 (+https://example.org/bot)', 'regional-watch/2.0 (+https://example.org/bot)']);
  });

  it('follows a redirect and reports the final real URL', async () => {
    const { client } = recordedClient(server);
    const res = expectBody(await client.fetch({ url: 'https://faults.example/moved', purpose: 'feed' }));
    expect(res.url).toBe('https://faults.example/rss.xml');
  });

  it('decodes gzip and brotli bodies', async () => {
    const { client } = recordedClient(server);
    const gz = expectBody(await client.fetch({ url: 'https://faults.example/gzip.xml', purpose: 'feed' }));
    const br = expectBody(await client.fetch({ url: 'https://faults.example/br.html', purpose: 'page' }));
    expect(gz.body).toContain('<rss version="2.0"');
    expect(br.body).toContain('Наомити Судзуки напомнил');
  });
});

describe('server failures', () => {
  it('retries a 500 with backoff, then reports it', async () => {
    const { client, sleeps } = recordedClient(server, { retries: 2, retryBaseMs: 400, random: () => 1, respectRobots: false });
    const before = server.hits.get('faults.example/server-error') ?? 0;
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/server-error', purpose: 'feed' }), 'http');
    expect(res.status).toBe(500);
    expect(res.reason).toBe('HTTP 500 (server error) after 3 tries');
    expect(server.hits.get('faults.example/server-error')! - before).toBe(3);
    // Exponential: 400, 800 (full jitter with random() = 1 gives the ceiling).
    expect(sleeps).toEqual([400, 800]);
  });

  it('recovers when a 502 goes away on the retry', async () => {
    const { client } = recordedClient(server);
    const res = expectBody(await client.fetch({ url: 'https://faults.example/flaky.xml', purpose: 'feed' }));
    expect(res.body).toContain('<channel>');
  });

  it('honours 429 Retry-After, then gets the feed', async () => {
    const { client, sleeps } = recordedClient(server, { respectRobots: false });
    const res = expectBody(await client.fetch({ url: 'https://faults.example/busy.xml', purpose: 'feed' }));
    expect(res.body).toContain('<rss');
    expect(sleeps).toEqual([2000]);
  });

  it('does not wait an hour for a 503 Retry-After: reports it with the delay asked', async () => {
    const { client, sleeps } = recordedClient(server, { respectRobots: false });
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/unavailable', purpose: 'feed' }), 'http');
    expect(res.status).toBe(503);
    expect(res.retryAfterSeconds).toBe(3600);
    expect(res.reason).toMatch(/Retry-After/);
    expect(sleeps).toEqual([]);
  });

  it('reports a 404 at once, without retrying', async () => {
    const { client, sleeps } = recordedClient(server, { respectRobots: false });
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/news/2019/09/19/kurily/', purpose: 'page' }), 'http');
    expect(res).toMatchObject({ status: 404, reason: 'HTTP 404 (not found)' });
    expect(sleeps).toEqual([]);
  });

  it('times out on a server that never answers, and retries', async () => {
    const { client, sleeps } = recordedClient(server, { totalTimeoutMs: 200, retries: 1, respectRobots: false });
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/slow', purpose: 'page' }), 'timeout');
    expect(res.reason).toMatch(/no complete answer within 200 ms after 2 tries/);
    expect(sleeps).toHaveLength(1);
  });

  it('times out on a body that drips too slowly', async () => {
    const { client } = recordedClient(server, { totalTimeoutMs: 300, retries: 0 });
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/drip.html', purpose: 'page' }), 'timeout');
    expect(res.reason).toContain('300 ms');
  });

  it('reports a connection reset after the headers as a network failure', async () => {
    const { client } = recordedClient(server, { retries: 1 });
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/reset', purpose: 'feed' }), 'network');
    expect(res.reason).toMatch(/(reset|closed)/);
    expect(res.reason).toMatch(/after 2 tries$/);
  });

  it('reports a body cut short of its Content-Length (truncated XML and HTML)', async () => {
    const { client } = recordedClient(server, { retries: 0 });
    const xml = expectFailure(await client.fetch({ url: 'https://faults.example/cut.xml', purpose: 'feed' }), 'network');
    const html = expectFailure(await client.fetch({ url: 'https://faults.example/cut.html', purpose: 'page' }), 'network');
    expect(xml.reason).toMatch(/closed mid-body after 1\.2 KiB of \d/);
    expect(html.reason).toMatch(/closed mid-body after 2\.4 KiB of \d/);
  });

  it('hands a cleanly-ended truncated feed to the parser as it is (the fetcher cannot know)', async () => {
    const { client } = recordedClient(server);
    const res = expectBody(await client.fetch({ url: 'https://faults.example/cut-clean.xml', purpose: 'feed' }));
    expect(Buffer.byteLength(res.body)).toBe(1200);
    expect(res.body).not.toContain('</rss>');
  });

  it('cuts off a 50 MB page at the cap without buffering it', async () => {
    const { client } = recordedClient(server, { maxBytes: 2 * 1024 * 1024, totalTimeoutMs: 10_000 });
    const heapBefore = process.memoryUsage().rss;
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/huge', purpose: 'page' }), 'too-large');
    const grown = process.memoryUsage().rss - heapBefore;
    expect(res.reason).toMatch(/over the 2 MiB cap: cut off after 2(\.\d)? MiB/);
    // A whole 50 MB body would grow the process by at least that much.
    expect(grown).toBeLessThan(40 * 1024 * 1024);
  });

  it('caps the decompressed size too (a small gzip cannot inflate past the cap)', async () => {
    const { client } = recordedClient(server, { maxBytes: 1024 });
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/gzip.xml', purpose: 'feed' }), 'too-large');
    expect(res.reason).toContain('decompressed gzip');
  });
});

describe('redirects', () => {
  it('detects a redirect loop and names it', async () => {
    const { client } = recordedClient(server);
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/loop-a', purpose: 'page' }), 'redirects');
    expect(res.reason).toBe('redirect loop: https://faults.example/loop-a → https://faults.example/loop-b → https://faults.example/loop-a');
  });

  it('stops after the redirect cap', async () => {
    const { client } = recordedClient(server, { maxRedirects: 5 });
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/chain/1', purpose: 'page' }), 'redirects');
    expect(res.reason).toBe('more than 5 redirects from https://faults.example/chain/1');
    // With a higher cap the same chain ends at the feed.
    const { client: patient } = recordedClient(server, { maxRedirects: 8 });
    expectBody(await patient.fetch({ url: 'https://faults.example/chain/1', purpose: 'feed' }));
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const { client } = recordedClient(server);
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/to-file', purpose: 'page' }), 'bad-url');
    expect(res.reason).toContain('file:');
  });
});

describe('the address guard', () => {
  let other: Server;
  let otherPort = 0;
  let otherConnections = 0;
  beforeAll(async () => {
    // Another service on loopback that a hostile feed would like us to reach.
    other = createServer((socket) => {
      otherConnections++;
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nsecret');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    otherPort = (other.address() as import('node:net').AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => other.close(r));
  });

  it.each([
    ['a feed item linking to the metadata service', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['a redirect to the metadata service', 'https://faults.example/to-metadata'],
    ['a redirect to the IPv6 metadata service', 'https://faults.example/to-metadata-v6'],
    ['a redirect to IPv4-mapped loopback', 'https://faults.example/to-mapped-loopback'],
    ['a redirect to another loopback port', 'https://faults.example/to-other-port'],
    ['a redirect to localhost', 'https://faults.example/to-localhost'],
    ['a decimal-encoded loopback address', 'http://2130706433:6379/'],
  ])('refuses %s', async (_name, url) => {
    const { client } = recordedClient(server);
    const res = expectFailure(await client.fetch({ url, purpose: 'page' }), 'forbidden-address');
    expect(res.reason).toMatch(/(loopback|link-local|unique-local|metadata)/);
  });

  it('never opens a connection to another loopback port, only the allowed origin', async () => {
    const { client } = recordedClient(server);
    const direct = await client.fetch({ url: `http://127.0.0.1:${otherPort}/admin`, purpose: 'page' });
    const viaName = await client.fetch({ url: `http://localhost:${otherPort}/admin`, purpose: 'page' });
    expectFailure(direct, 'forbidden-address');
    expectFailure(viaName, 'forbidden-address');
    expect(otherConnections).toBe(0);
  });

  it('checks the address DNS returns, so a public-looking name pointing inside is refused', async () => {
    const { client } = recordedClient(server, {
      route: () => null,
      lookup: (_host, _opts, cb) => cb(null, [{ address: '169.254.169.254', family: 4 }]),
    });
    const res = expectFailure(await client.fetch({ url: 'http://news.rebind.example/rss.xml', purpose: 'feed' }), 'forbidden-address');
    expect(res.reason).toBe('news.rebind.example resolves to 169.254.169.254 (link-local / metadata), which is never fetched');
  });
});

describe('politeness', () => {
  it('obeys robots.txt Disallow and fetches robots.txt once per origin', async () => {
    const { client } = recordedClient(server);
    const before = server.hits.get('faults.example/robots.txt') ?? 0;
    const res = expectFailure(await client.fetch({ url: 'https://faults.example/private/editor.html', purpose: 'page' }), 'robots');
    expect(res.reason).toBe('disallowed by https://faults.example/robots.txt');
    expectBody(await client.fetch({ url: 'https://faults.example/rss.xml', purpose: 'feed' }));
    expect(server.hits.get('faults.example/robots.txt')! - before).toBe(1);
  });

  it('treats a missing robots.txt as allow-all', async () => {
    const { client } = recordedClient(server);
    expectBody(await client.fetch({ url: 'https://charsets.example/utf8-undeclared.html', purpose: 'page' }));
  });

  it('spaces requests to one host by the per-host delay and the robots Crawl-delay', async () => {
    const { client, sleeps } = recordedClient(server, { perHostDelayMs: 700, respectRobots: false, now: () => 0 });
    await client.fetch({ url: 'https://charsets.example/utf8-bom.html', purpose: 'page' });
    await client.fetch({ url: 'https://charsets.example/utf8-undeclared.html', purpose: 'page' });
    await client.fetch({ url: 'https://charsets.example/koi8r-meta.html', purpose: 'page' });
    expect(sleeps).toEqual([700, 1400]);

    // faults.example's robots.txt says Crawl-delay: 2.
    const polite = recordedClient(server, { perHostDelayMs: 100, now: () => 0 });
    await polite.client.fetch({ url: 'https://faults.example/rss.xml', purpose: 'feed' });
    await polite.client.fetch({ url: 'https://faults.example/news/2019/09/20/sakhalin-hokkaido/', purpose: 'page' });
    expect(polite.sleeps.at(-1)).toBeGreaterThanOrEqual(2000);
  });
});

describe('bot walls and charsets on the wire', () => {
  it('reports mid.ru\'s JavaScript check as blocked, for RSS and pages alike', async () => {
    const { client } = recordedClient(server);
    const rss = expectFailure(await client.fetch({ url: 'https://www.mid.ru/ru/rss.php', purpose: 'feed' }), 'blocked');
    const page = expectFailure(await client.fetch({ url: 'https://www.mid.ru/ru/foreign_policy/news/', purpose: 'page' }), 'blocked');
    expect(rss.reason).toContain('Data processing... Please, wait.');
    expect(page.reason).toContain('HTTP 403');
  });

  it('gets Kommersant\'s windows-1251 feed although it answers 406 to an RSS Accept header', async () => {
    const { client } = recordedClient(server);
    const res = expectBody(await client.fetch({ url: 'https://www.kommersant.ru/RSS/news.xml', purpose: 'feed' }));
    expect(res.charset).toBe('windows-1251');
    expect(res.body).toContain('Японские инвесторы присмотрелись к Приморью');
  });

  it('sends the Accept header a source asks for, so Kommersant answers the first request', async () => {
    const { client } = recordedClient(server);
    expectBody(await client.fetch({ url: 'https://www.kommersant.ru/RSS/news.xml', purpose: 'feed', accept: 'text/xml' }));
    expect(client.requestCount).toBeLessThanOrEqual(2); // robots.txt + the feed, no 406 retry
  });

  it.each([
    ['cp1251-meta.html', 'windows-1251'],
    ['cp1251-lying.html', 'windows-1251'],
    ['koi8r-meta.html', 'koi8-r'],
    ['koi8r-undeclared.html', 'koi8-r'],
    ['utf8-bom.html', 'utf-8'],
  ])('decodes %s as %s', async (file, charset) => {
    const { client } = recordedClient(server);
    const res = expectBody(await client.fetch({ url: `https://charsets.example/${file}`, purpose: 'page' }));
    expect(res.charset).toBe(charset);
    expect(res.body).toContain('Хабаровский край и префектура Хёго подписали меморандум');
  });

  it('uses the registry encoding override whatever the server says', async () => {
    const { client } = recordedClient(server);
    const res = expectBody(await client.fetch({ url: 'https://charsets.example/koi8r-undeclared.html', purpose: 'page', encoding: 'KOI8-R' }));
    expect(res.charset).toBe('koi8-r');
    expect(res.body).toContain('Хёго');
  });

  it('one bad fetch does not affect the others running at the same time', async () => {
    // Long enough for the healthy fetches on a loaded machine; the hanging one never answers anyway.
    const { client } = recordedClient(server, { totalTimeoutMs: 1_000, retries: 0 });
    const results = await Promise.all([
      client.fetch({ url: 'https://faults.example/slow', purpose: 'page' }),
      client.fetch({ url: 'https://faults.example/reset', purpose: 'feed' }),
      client.fetch({ url: 'https://www.mid.ru/ru/rss.php', purpose: 'feed' }),
      client.fetch({ url: 'http://169.254.169.254/latest/', purpose: 'page' }),
      client.fetch({ url: 'not a url', purpose: 'page' }),
      client.fetch({ url: 'https://www.kommersant.ru/RSS/news.xml', purpose: 'feed' }),
      client.fetch({ url: 'https://charsets.example/sjis-meta.html', purpose: 'page' }),
    ]);
    expect(results.map((r) => (r.ok ? r.status : r.kind))).toEqual(['timeout', 'network', 'blocked', 'forbidden-address', 'bad-url', 200, 200]);
  });
});
