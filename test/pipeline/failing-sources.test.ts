import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStorage, LOCAL_NAMES, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import { runPass, type PassSummary } from '../../lambdas/local/run-pass.js';
import { RECORDED_SITES } from '../../lambdas/local/paths.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';
import { sourceEntrySchema, type SourceEntry } from '../../lambdas/sources/registry-schema.js';
import { createStorageClients } from '../../lambdas/store/clients.js';
import { DynamoItemStore } from '../../lambdas/store/dynamo-item-store.js';
import { itemIdOf } from '../../lambdas/pipeline/item-id.js';
import type { PipelineLog } from '../../lambdas/pipeline/poll-source.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const FAULT_SITES = path.join(REPO_ROOT, 'fixtures', 'http', 'sites');
const quiet: PipelineLog = { info: () => {}, warn: () => {} };

/** A feed source on the recorded fault site; each one answers with one kind of trouble. */
function faultSource(id: string, urlPath: string, kind: SourceEntry['kind'] = 'rss'): SourceEntry {
  return sourceEntrySchema.parse({
    id,
    name: `faults ${id}`,
    lang: 'ru',
    kind,
    url: `https://faults.example${urlPath}`,
    tags: { country: 'ru' },
    ...(kind === 'html-list' ? { list: { item: 'article', link: 'a' } } : {}),
  });
}

/** Each failure the issue lists, the source that shows it, and what the summary must say. */
const FAILURES = [
  { id: 'server-error', path: '/server-error', reason: /500/ },
  { id: 'timeout', path: '/slow', reason: /timeout|timed out/i },
  { id: 'connection-reset', path: '/reset', reason: /reset|closed|socket/i },
  { id: 'not-found', path: '/news/2019/09/19/kurily/', reason: /404/ },
  { id: 'redirect-loop', path: '/loop-a', reason: /redirect/i },
  { id: 'truncated-xml', path: '/cut.xml', reason: /.+/ },
  { id: 'truncated-xml-clean', path: '/cut-clean.xml', reason: /.+/ },
  { id: 'oversized', path: '/huge', reason: /too-large|over|cut off/i },
  { id: 'to-metadata', path: '/to-metadata', reason: /forbidden|private|link-local|metadata|169\.254/i },
  { id: 'to-other-port', path: '/to-other-port', reason: /forbidden|private|loopback|127\.0\.0\.1/i },
] as const;

describe('a pass over failing sources (issue 3: each failure is reported, the others go on)', () => {
  const temp = tempDir('rujp-faults-');
  let storage: EmbeddedStorage;
  let summary: PassSummary;
  let registry: SourceEntry[];

  beforeAll(async () => {
    storage = await startEmbeddedStorage(path.join(temp.dir, 'data'));
    registry = loadRegistry();
    const healthy = registry.filter((source) => ['tass-ru', 'kommersant', 'mid-ru'].includes(source.id));
    summary = await runPass({
      sources: [
        ...healthy,
        ...FAILURES.map((failure) => faultSource(failure.id, failure.path)),
        faultSource('busy-then-ok', '/busy.xml'),
        faultSource('links-inside', '/rss.xml'),
        faultSource('odd-articles', '/articles.xml'),
        faultSource('undated', '/undated.xml'),
      ],
      dataDir: path.join(temp.dir, 'data'),
      outDir: path.join(temp.dir, 'public'),
      recordedRoots: [RECORDED_SITES, FAULT_SITES],
      storage,
      log: quiet,
      // Short limits so the failures show fast; no real waiting for backoff.
      http: { totalTimeoutMs: 1_500, connectTimeoutMs: 1_000, maxBytes: 1024 * 1024, retries: 1, perHostDelayMs: 0, sleep: async () => {} },
    });
  });

  afterAll(async () => {
    await storage?.close();
    temp.cleanup();
  });

  it('completes and names every failing source with its reason', () => {
    const failed = new Map(summary.sources.failed.map((failure) => [failure.id, failure.reason]));
    for (const failure of FAILURES) {
      expect(failed.get(failure.id), `${failure.id} not reported as failed`).toMatch(failure.reason);
    }
    expect(failed.get('mid-ru')).toMatch(/blocked/);
  });

  it('stores the healthy sources’ items all the same', async () => {
    const ok = summary.reports.filter((report) => report.status === 'ok').map((report) => report.sourceId);
    expect(ok).toEqual(expect.arrayContaining(['tass-ru', 'kommersant']));
    const tass = summary.reports.find((report) => report.sourceId === 'tass-ru')!;
    expect(tass.items.new).toBeGreaterThan(0);
    expect(tass.items.failed).toBe(0);
  });

  it('honours 429 with Retry-After and then reads the feed', () => {
    const busy = summary.reports.find((report) => report.sourceId === 'busy-then-ok');
    expect(busy?.status).toBe('ok');
  });

  it('never stores a link to the metadata address or to another loopback port, and reports them', async () => {
    const links = summary.reports.find((report) => report.sourceId === 'links-inside')!;
    expect(links.status).toBe('ok');
    const reasons = links.articleFailures.map((failure) => `${failure.url} ${failure.reason}`).join('\n');
    expect(reasons).toMatch(/169\.254\.169\.254/);
    expect(reasons).toMatch(/127\.0\.0\.1:6379/);

    const clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
    try {
      const items = new DynamoItemStore(clients.doc, LOCAL_NAMES.table);
      const good = await items.getItem(itemIdOf('https://faults.example/news/2019/09/20/sakhalin-hokkaido/'));
      expect(good?.title).toMatch(/Сахалин и Хоккайдо/);
      expect(await items.getItem(itemIdOf('http://169.254.169.254/latest/meta-data/iam/security-credentials/'))).toBeNull();
      expect(await items.getItem(itemIdOf('http://127.0.0.1:6379/'))).toBeNull();
    } finally {
      clients.destroy();
    }
  });

  it('names a truncated article page in the summary and stores the pages whose charset is wrong or missing', async () => {
    const odd = summary.reports.find((report) => report.sourceId === 'odd-articles')!;
    expect(odd.status).toBe('ok');
    expect(summary.articleFailures).toContainEqual({
      id: 'odd-articles',
      url: 'https://faults.example/cut.html',
      reason: expect.stringMatching(/closed mid-body|truncated/),
    });
    const clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
    try {
      const items = new DynamoItemStore(clients.doc, LOCAL_NAMES.table);
      for (const url of ['https://charsets.example/cp1251-lying.html', 'https://charsets.example/koi8r-undeclared.html']) {
        const item = await items.getItem(itemIdOf(url));
        expect(item?.text, url).toContain('Хабаровский край и префектура Хёго');
      }
      expect((await items.getItem(itemIdOf('https://faults.example/br.html')))?.text).toMatch(/Хоккайдо/);
      expect(await items.getItem(itemIdOf('https://faults.example/cut.html'))).toBeNull();
    } finally {
      clients.destroy();
    }
  });

  it('names an item whose date cannot be read, and stores it with the fetch time, marked as estimated', async () => {
    const url = 'https://faults.example/undated.html';
    expect(summary.undated).toEqual([{ id: 'undated', url }]);
    const clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
    try {
      const item = await new DynamoItemStore(clients.doc, LOCAL_NAMES.table).getItem(itemIdOf(url));
      expect(item?.dateEstimated).toBe(true);
      expect(Date.now() - Date.parse(item!.publishedAt)).toBeLessThan(10 * 60_000);
      expect(item?.archiveKey).toMatch(/^undated\/undated\//);
    } finally {
      clients.destroy();
    }
  });

  it('still publishes the feed', () => {
    expect(summary.published.entries).toBeGreaterThan(0);
  });
});
