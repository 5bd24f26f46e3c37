import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NAMES, startEmbeddedStorage, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import { startRecordedServer } from '../../lambdas/local/recorded-server.js';
import { runPass, type PassSummary } from '../../lambdas/local/run-pass.js';
import { loadRegistry } from '../../lambdas/sources/load-registry.js';
import type { SourceEntry } from '../../lambdas/sources/registry-schema.js';
import type { SourceState } from '../../lambdas/core/ports.js';
import { createStorageClients } from '../../lambdas/store/clients.js';
import { sdkDocumentClient } from '../support/sdk-document-client.js';
import { DynamoItemStore } from '../../lambdas/store/dynamo-item-store.js';
import { tempDir } from '../support/temp-dir.js';
import { PASS_SOURCES, RECORDED_SITES, pollCalls, quietLog } from './storage-support.js';

// Each pass is a new process as far as robots.txt goes (a new runtime, a new HTTP client),
// as each Lambda container and each `rujp run` is; only the source state rows carry over.

const HOUR = 3600_000;
const REGISTRY = loadRegistry();

interface Pass {
  summary: PassSummary;
  /** Requests the recorded server answered during the pass, per "host/path". */
  hits: Map<string, number>;
}

/**
 * One pass over the recorded sites in `root` (read afresh, so a file changed between passes
 * is served changed), with the fetcher's clock `offsetMs` ahead of now.
 */
async function passAt(storage: EmbeddedStorage, root: string, out: string, offsetMs: number, sources: SourceEntry[]): Promise<Pass> {
  const server = await startRecordedServer({ root });
  try {
    const summary = await runPass({
      sources,
      dataDir: out,
      outDir: out,
      storage,
      log: quietLog,
      http: { route: server.route, allowOrigins: [server.origin], perHostDelayMs: 0, now: () => Date.now() + offsetMs },
    });
    return { summary, hits: new Map(server.hits) };
  } finally {
    await server.close();
  }
}

const hitsOn = (pass: Pass, pathPart: string) => [...pass.hits].filter(([key]) => key.endsWith(pathPart)).reduce((n, [, count]) => n + count, 0);
const totalHits = (pass: Pass) => [...pass.hits.values()].reduce((a, b) => a + b, 0);
const listKey = (source: SourceEntry) => {
  const url = new URL(source.url);
  return `${url.hostname}${url.pathname}${url.search}`;
};

async function sourceRows(storage: EmbeddedStorage): Promise<Map<string, SourceState>> {
  const clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
  try {
    return await new DynamoItemStore(clients.doc, LOCAL_NAMES.table).getSourceStates(REGISTRY.map((source) => source.id).concat('tass-mirror'));
  } finally {
    clients.destroy();
  }
}

function copySites(dir: string): string {
  const root = path.join(dir, 'sites');
  cpSync(RECORDED_SITES, root, { recursive: true });
  return root;
}

describe('robots.txt kept in the source state', () => {
  const passSources = REGISTRY.filter((source) => PASS_SOURCES.includes(source.id));
  const n = passSources.length;

  describe('an unchanged source', () => {
    const temp = tempDir();
    let storage: EmbeddedStorage;
    let root: string;
    const passes: Pass[] = [];
    let rowsAfterSecond: Map<string, SourceState>;
    let rowsAfterRefresh: Map<string, SourceState>;

    beforeAll(async () => {
      root = copySites(temp.dir);
      storage = await startEmbeddedStorage(path.join(temp.dir, 'data'));
      const out = path.join(temp.dir, 'out');
      passes.push(await passAt(storage, root, out, 0, passSources));
      passes.push(await passAt(storage, root, out, 1 * HOUR, passSources));
      rowsAfterSecond = await sourceRows(storage);
      passes.push(await passAt(storage, root, out, 25 * HOUR, passSources));
      rowsAfterRefresh = await sourceRows(storage);
      passes.push(await passAt(storage, root, out, 26 * HOUR, passSources));
    }, 90_000);

    afterAll(async () => {
      await storage?.close();
      temp.cleanup();
    });

    it('costs exactly one HTTP request on the second pass, the conditional GET of its list, and at most two DynamoDB calls', () => {
      const [first, second] = passes as [Pass, Pass];
      expect(first.summary.sources.failed).toEqual([]);
      expect(first.summary.items.new).toBeGreaterThan(10);
      expect(hitsOn(first, '/robots.txt')).toBe(n);

      expect(second.summary.sources.notModified).toBe(n);
      for (const source of passSources) expect(second.hits.get(listKey(source)), source.id).toBe(1);
      expect(hitsOn(second, '/robots.txt')).toBe(0);
      expect(totalHits(second)).toBe(n);
      expect(second.summary.calls.http).toBe(n);
      expect(pollCalls(second.summary).dynamo).toBeLessThanOrEqual(2 * n);
      expect(pollCalls(second.summary).s3Put).toBe(0);
    });

    it('keeps, per source, what robots.txt said for its host: the rules that apply to us, or that there is none', () => {
      for (const source of passSources) {
        const robots = rowsAfterSecond.get(source.id)?.robots;
        expect(robots?.[0]?.origin, source.id).toBe(new URL(source.url).origin);
        expect(robots?.[0]?.agent).toBe('rujp-feed');
      }
      expect(rowsAfterSecond.get('tass-ru')?.robots).toEqual([
        {
          origin: 'https://tass.ru',
          agent: 'rujp-feed',
          status: 200,
          rules: 'User-agent: *\nDisallow: /search\nDisallow: /api/\nDisallow: /userinfo\n',
          etag: expect.stringMatching(/^".+"$/),
          lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT',
          fetchedAt: expect.any(String),
        },
      ]);
      // The recorded sites route no robots.txt for the others: a 404, everything allowed.
      expect(rowsAfterSecond.get('sakhalin-info')?.robots).toEqual([
        { origin: 'https://sakhalin.info', agent: 'rujp-feed', status: 404, fetchedAt: expect.any(String) },
      ]);
    });

    it('asks for robots.txt again once the kept answer is older than 24 h, then keeps the fresh one', () => {
      const [, second, stale, after] = passes as [Pass, Pass, Pass, Pass];
      expect(stale.summary.sources.notModified).toBe(n);
      expect(hitsOn(stale, '/robots.txt')).toBe(n);
      expect(stale.summary.calls.http).toBe(2 * n);
      expect(pollCalls(stale.summary).dynamo).toBeLessThanOrEqual(2 * n);
      const before = rowsAfterSecond.get('tass-ru')!.robots![0]!;
      const renewed = rowsAfterRefresh.get('tass-ru')!.robots![0]!;
      // The refresh was conditional and the file had not changed: same rules, same ETag, a new date.
      expect(renewed).toMatchObject({ rules: before.rules, etag: before.etag });
      expect(Date.parse(renewed.fetchedAt) - Date.parse(before.fetchedAt)).toBeGreaterThan(23 * HOUR);

      expect(hitsOn(after, '/robots.txt')).toBe(0);
      expect(after.summary.calls.http).toBe(n);
      expect(second.summary.calls.http).toBe(n);
    });
  });

  describe('a robots.txt that changes to disallow the list page', () => {
    const temp = tempDir();
    let storage: EmbeddedStorage;
    const passes: Pass[] = [];
    const tassRu = REGISTRY.filter((source) => source.id === 'tass-ru');

    beforeAll(async () => {
      const root = copySites(temp.dir);
      storage = await startEmbeddedStorage(path.join(temp.dir, 'data'));
      const out = path.join(temp.dir, 'out');
      passes.push(await passAt(storage, root, out, 0, tassRu));
      const robotsFile = path.join(root, 'tass.ru', 'robots.txt');
      writeFileSync(robotsFile, readFileSync(robotsFile, 'utf8').replace('Disallow: /search', 'Disallow: /rss/\nDisallow: /search'));
      passes.push(await passAt(storage, root, out, 2 * HOUR, tassRu));
      passes.push(await passAt(storage, root, out, 25 * HOUR, tassRu));
    }, 60_000);

    afterAll(async () => {
      await storage?.close();
      temp.cleanup();
    });

    it('is obeyed from the first refresh after the change; until then the kept answer stands, for at most a day', async () => {
      const [first, withinDay, refreshed] = passes as [Pass, Pass, Pass];
      expect(first.summary.sources.ok).toBe(1);
      expect(withinDay.summary.sources.notModified).toBe(1);
      expect(hitsOn(withinDay, '/robots.txt')).toBe(0);

      expect(refreshed.summary.sources.failed).toEqual([{ id: 'tass-ru', reason: 'robots: disallowed by https://tass.ru/robots.txt' }]);
      expect(refreshed.hits.get('tass.ru/robots.txt')).toBe(1);
      expect(refreshed.hits.get('tass.ru/rss/v2.xml')).toBeUndefined();
      const kept = (await sourceRows(storage)).get('tass-ru')?.robots?.[0];
      expect(kept?.rules).toContain('Disallow: /rss/');
    });
  });

  describe('a source whose articles live on another host', () => {
    const temp = tempDir();
    let storage: EmbeddedStorage;
    const passes: Pass[] = [];
    let rowAfterFirst: SourceState | undefined;
    const mirror: SourceEntry = { ...REGISTRY.find((source) => source.id === 'tass-ru')!, id: 'tass-mirror', url: 'https://feeds.example/tass.xml' };
    const feed = readFileSync(path.join(RECORDED_SITES, 'tass.ru', 'rss-v2.xml'), 'utf8');
    const items = feed.match(/<item>[\s\S]*?<\/item>/g)!;
    const links = items.map((item) => /<link>([^<]+)<\/link>/.exec(item)![1]!);
    /** The feed with its first `count` items. */
    const feedOf = (count: number) => feed.replace(/<item>[\s\S]*<\/item>/, items.slice(0, count).join('\n'));

    beforeAll(async () => {
      const root = copySites(temp.dir);
      const host = path.join(root, 'feeds.example');
      mkdirSync(host);
      writeFileSync(
        path.join(host, '_routes.json'),
        JSON.stringify({ routes: { '/tass.xml': { file: 'tass.xml', contentType: 'application/rss+xml; charset=utf-8' } } }),
      );
      storage = await startEmbeddedStorage(path.join(temp.dir, 'data'));
      const out = path.join(temp.dir, 'out');

      writeFileSync(path.join(host, 'tass.xml'), feedOf(2));
      passes.push(await passAt(storage, root, out, 0, [mirror]));
      rowAfterFirst = (await sourceRows(storage)).get('tass-mirror');

      writeFileSync(path.join(host, 'tass.xml'), feedOf(4));
      passes.push(await passAt(storage, root, out, 1 * HOUR, [mirror]));

      // The fifth article's path is now disallowed; the feed lists all six.
      const robotsFile = path.join(root, 'tass.ru', 'robots.txt');
      writeFileSync(robotsFile, `${readFileSync(robotsFile, 'utf8')}\nUser-agent: *\nDisallow: ${new URL(links[4]!).pathname}\n`);
      writeFileSync(path.join(host, 'tass.xml'), feedOf(6));
      passes.push(await passAt(storage, root, out, 25 * HOUR, [mirror]));
    }, 60_000);

    afterAll(async () => {
      await storage?.close();
      temp.cleanup();
    });

    it('keeps robots.txt for both hosts, the list page\'s first', () => {
      expect(items).toHaveLength(6);
      expect(rowAfterFirst?.robots?.map((entry) => [entry.origin, entry.status])).toEqual([
        ['https://feeds.example', 404],
        ['https://tass.ru', 200],
      ]);
    });

    it('fetches new articles on the next run without asking either host for robots.txt', () => {
      const [first, second] = passes as [Pass, Pass];
      expect(first.summary.items.new).toBe(2);
      expect(hitsOn(first, '/robots.txt')).toBe(2);
      expect(second.summary.items.new).toBe(2);
      expect(hitsOn(second, '/robots.txt')).toBe(0);
      expect(second.summary.calls.http).toBe(3);
    });

    it('obeys a changed robots.txt of the article host once the kept answer is refreshed', () => {
      const [, , third] = passes as [Pass, Pass, Pass];
      expect(third.hits.get('tass.ru/robots.txt')).toBe(1);
      expect(third.hits.get(`tass.ru${new URL(links[4]!).pathname}`)).toBeUndefined();
      expect(third.summary.articleFailures).toEqual([
        { id: 'tass-mirror', url: links[4], reason: 'robots: disallowed by https://tass.ru/robots.txt' },
      ]);
      expect(third.summary.items.new).toBe(1);
    });
  });

  describe('state rows written before robots.txt was kept', () => {
    const temp = tempDir();
    let storage: EmbeddedStorage;
    const passes: Pass[] = [];
    let rowsAfterUpgrade: Map<string, SourceState>;

    beforeAll(async () => {
      const root = copySites(temp.dir);
      storage = await startEmbeddedStorage(path.join(temp.dir, 'data'));
      const out = path.join(temp.dir, 'out');
      passes.push(await passAt(storage, root, out, 0, passSources));

      // Make every state row look like the old code wrote it, and two look damaged.
      const clients = sdkDocumentClient(storage);
      try {
        const rows = await clients.send(
          new ScanCommand({ TableName: LOCAL_NAMES.table, FilterExpression: 'begins_with(pk, :s)', ExpressionAttributeValues: { ':s': 'SOURCE#' } }),
        );
        expect(rows.Items).toHaveLength(n);
        for (const row of rows.Items ?? []) {
          expect(row.robots).toBeDefined();
          await clients.send(new UpdateCommand({ TableName: LOCAL_NAMES.table, Key: { pk: row.pk, sk: row.sk }, UpdateExpression: 'REMOVE robots' }));
        }
        const damage = (id: string, value: unknown) =>
          clients.send(
            new UpdateCommand({
              TableName: LOCAL_NAMES.table,
              Key: { pk: `SOURCE#${id}`, sk: 'STATE' },
              UpdateExpression: 'SET robots = :r',
              ExpressionAttributeValues: { ':r': value },
            }),
          );
        await damage('eastrussia', 'not a list');
        await damage('yenisei-vesti', [{ origin: 42 }, { origin: 'https://yenisei-vesti.ru', status: 'ok' }]);
      } finally {
        clients.destroy();
      }

      passes.push(await passAt(storage, root, out, 1 * HOUR, passSources));
      rowsAfterUpgrade = await sourceRows(storage);
      passes.push(await passAt(storage, root, out, 2 * HOUR, passSources));
    }, 90_000);

    afterAll(async () => {
      await storage?.close();
      temp.cleanup();
    });

    it('poll as before: validators and list digest still answer, robots.txt is fetched once more', () => {
      const [, upgrade] = passes as [Pass, Pass];
      expect(upgrade.summary.sources.failed).toEqual([]);
      expect(upgrade.summary.sources.notModified).toBe(n);
      expect(upgrade.summary.items.new).toBe(0);
      expect(hitsOn(upgrade, '/robots.txt')).toBe(n);
      expect(upgrade.summary.calls.http).toBe(2 * n);
      expect(pollCalls(upgrade.summary).dynamo).toBeLessThanOrEqual(2 * n);
    });

    it('gain the field on their next write, and the pass after costs one request per source', () => {
      for (const source of passSources) {
        expect(rowsAfterUpgrade.get(source.id)?.robots?.[0]?.origin, source.id).toBe(new URL(source.url).origin);
      }
      const [, , next] = passes as [Pass, Pass, Pass];
      expect(next.summary.sources.notModified).toBe(n);
      expect(next.summary.calls.http).toBe(n);
    });
  });
});
