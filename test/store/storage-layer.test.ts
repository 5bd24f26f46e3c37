import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { startEmbeddedStorage, LOCAL_NAMES, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import { createStorageClients, type StorageClients } from '../../lambdas/store/clients.js';
import { DynamoItemStore } from '../../lambdas/store/dynamo-item-store.js';
import { S3BlobStore } from '../../lambdas/store/s3-blob-store.js';
import { S3FeedTarget } from '../../lambdas/store/s3-feed-target.js';
import { signature } from '../../lambdas/dedupe/minhash.js';
import { sampleItem } from '../support/sample-item.js';
import { tempDir } from '../support/temp-dir.js';

// The real AWS SDK v3 against the embedded DynamoDB and S3 servers on loopback.
describe('storage layer on the embedded servers', () => {
  const temp = tempDir();
  let storage: EmbeddedStorage;
  let clients: StorageClients;
  let items: DynamoItemStore;

  beforeAll(async () => {
    storage = await startEmbeddedStorage(temp.dir);
    clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
    items = new DynamoItemStore(clients.doc, LOCAL_NAMES.table);
  });

  afterAll(async () => {
    clients?.destroy();
    await storage?.close();
    temp.cleanup();
  });

  it('stores an item once: a second put of the same id answers "exists" and changes nothing', async () => {
    // Prepare
    const item = sampleItem({ id: 'once000000000000000000aa' });
    // Act
    const first = await items.putItem(item, signature(item.text));
    const second = await items.putItem({ ...item, title: 'changed by a retry' }, signature(item.text));
    // Assess
    expect(first).toBe('created');
    expect(second).toBe('exists');
    expect((await items.getItem(item.id))?.title).toBe(item.title);
  });

  it('answers which of 250 ids are known, in batches of 100', async () => {
    const stored = ['known1000000000000000000a', 'known2000000000000000000b'];
    for (const id of stored) await items.putItem(sampleItem({ id, clusterId: id }), signature(id));
    const ids = [...Array.from({ length: 248 }, (_, i) => `unknown${String(i).padStart(17, '0')}`), ...stored];
    const before = clients.counts.dynamo;
    const known = await items.findKnownIds(ids);
    expect([...known].sort()).toEqual(stored.sort());
    expect(clients.counts.dynamo - before).toBe(3);
  });

  it('lists every relevant item in the feed index, newest first, with its fingerprint; clusters by id', async () => {
    const older = sampleItem({ id: 'feedold0000000000000000a', clusterId: 'feedold0000000000000000a', publishedAt: '2020-01-01T00:00:00.000Z' });
    const newer = sampleItem({ id: 'feednew0000000000000000b', clusterId: 'feednew0000000000000000b', publishedAt: '2020-02-01T00:00:00.000Z' });
    const reprint = sampleItem({ id: 'feedrep0000000000000000c', clusterId: newer.id, sourceId: 'eastrussia', publishedAt: '2020-02-02T00:00:00.000Z' });
    const unrelated = sampleItem({ id: 'feedoff0000000000000000d', clusterId: 'feedoff0000000000000000d', relevant: false, publishedAt: '2020-03-01T00:00:00.000Z' });
    for (const item of [older, newer, reprint, unrelated]) await items.putItem(item, signature(item.id));

    const feed = await items.listFeedItems(100);
    const ids = feed.map((item) => item.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    // The publisher groups stories itself, so a reprint is in the index too.
    expect(ids.indexOf(reprint.id)).toBeLessThan(ids.indexOf(newer.id));
    expect(feed.find((item) => item.id === reprint.id)?.signature).toBe(signature(reprint.id));
    expect(ids).not.toContain(unrelated.id);
    const members = await items.listClusterMembers([newer.id]);
    expect(members.get(newer.id)?.map((item) => item.id).sort()).toEqual([newer.id, reprint.id].sort());
  });

  it('keeps source state between polls', async () => {
    await items.putSourceState({ sourceId: 'tass-ru', etag: '"abc"', consecutiveFailures: 2, lastError: 'http: 503' });
    const states = await items.getSourceStates(['tass-ru', 'never-polled']);
    expect(states.get('tass-ru')).toMatchObject({ etag: '"abc"', consecutiveFailures: 2 });
    expect(states.has('never-polled')).toBe(false);
  });

  it('keeps the robots.txt answers in the same state row, read and written by the same two calls', async () => {
    const robots = [
      { origin: 'https://tass.ru', agent: 'rujp-feed', fetchedAt: '2026-03-01T06:00:00.000Z', status: 200, rules: 'User-agent: *\nDisallow: /search\n', etag: '"v1"' },
      { origin: 'https://feeds.example', agent: 'rujp-feed', fetchedAt: '2026-03-01T06:00:01.000Z', status: 404 },
    ];
    const before = clients.counts.dynamo;
    await items.putSourceState({ sourceId: 'tass-robots', etag: '"abc"', consecutiveFailures: 0, robots });
    const state = await items.getSourceState('tass-robots');
    expect(clients.counts.dynamo - before).toBe(2);
    expect(state).toMatchObject({ etag: '"abc"', robots });
  });

  it('finds fingerprints by month for the near-duplicate check', async () => {
    const item = sampleItem({ id: 'fp00000000000000000000aa', clusterId: 'fp00000000000000000000aa', publishedAt: '2018-05-10T00:00:00.000Z' });
    await items.putItem(item, signature(item.text));
    const found = await items.fingerprintsInMonths(['2018-05']);
    expect(found.map((row) => row.id)).toContain(item.id);
    expect(await items.fingerprintsInMonths(['2018-04'])).toEqual([]);
  });

  it('archives raw pages gzip-encoded with their content type', async () => {
    const archive = new S3BlobStore(clients.s3, LOCAL_NAMES.archiveBucket);
    await archive.put('tass-ru/2019/09/20/x.html.gz', Buffer.from([0x1f, 0x8b, 1, 2]), {
      contentType: 'text/html; charset=windows-1251',
      contentEncoding: 'gzip',
    });
    const head = await (await clients.s3()).client.send(new HeadObjectCommand({ Bucket: LOCAL_NAMES.archiveBucket, Key: 'tass-ru/2019/09/20/x.html.gz' }));
    expect(head.ContentType).toBe('text/html; charset=windows-1251');
    expect(head.ContentEncoding).toBe('gzip');
    expect(await archive.get('raw/missing.html.gz')).toBeNull();
  });

  it('publishes only the feed files whose bytes changed', async () => {
    const target = new S3FeedTarget(clients.s3, LOCAL_NAMES.feedBucket);
    const files = [
      { path: 'feed.xml', contentType: 'application/rss+xml; charset=utf-8', body: '<rss version="2.0"></rss>' },
      { path: 'feed.json', contentType: 'application/feed+json; charset=utf-8', body: '{"version":"https://jsonfeed.org/version/1.1"}' },
    ];
    expect((await target.publish(files)).written).toEqual(['feed.xml', 'feed.json']);
    const puts = clients.counts.s3Put;
    const again = await target.publish([files[0]!, { ...files[1]!, body: '{"version":"https://jsonfeed.org/version/1.1","title":"x"}' }]);
    expect(again).toEqual({ written: ['feed.json'], unchanged: ['feed.xml'] });
    expect(clients.counts.s3Put - puts).toBe(1);
    const stored = await (await clients.s3()).client.send(new GetObjectCommand({ Bucket: LOCAL_NAMES.feedBucket, Key: 'feed.xml' }));
    expect(stored.ContentType).toBe('application/rss+xml; charset=utf-8');
    expect(stored.CacheControl).toMatch(/max-age=\d+/);
  });

  it('keeps the data on disk: a restarted server sees the items', async () => {
    clients.destroy();
    await storage.close();
    storage = await startEmbeddedStorage(temp.dir);
    clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
    items = new DynamoItemStore(clients.doc, LOCAL_NAMES.table);
    expect(await items.getItem('once000000000000000000aa')).not.toBeNull();
  });
});
