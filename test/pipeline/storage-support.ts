/** Shared by the storage and cluster tests: passes over the recorded sites and a look inside the stores. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES, type EmbeddedStorage } from '../../lambdas/local/embedded-storage.js';
import { runPass, type PassSummary } from '../../lambdas/local/run-pass.js';
import { createStorageClients } from '../../lambdas/store/clients.js';
import { sdkDocumentClient } from '../support/sdk-document-client.js';
import type { Item } from '../../lambdas/core/types.js';

export const RECORDED_SITES = path.resolve(import.meta.dirname, '../../fixtures/sites');
/** The three copies of seed 002 and two more sources (one windows-1251) to give the passes some width. */
export const PASS_SOURCES = ['tass-ru', 'yenisei-vesti', 'eastrussia', 'kaluga-bezformata', 'sakhalin-info'];

export const quietLog = { info() {}, warn() {} };

export function pass(storage: EmbeddedStorage, outDir: string, only = PASS_SOURCES): Promise<PassSummary> {
  return runPass({ only, dataDir: outDir, outDir, storage, recordedRoots: [RECORDED_SITES], log: quietLog });
}

/** Calls spent polling, without the publisher's share. */
export function pollCalls(summary: PassSummary) {
  return {
    s3Put: summary.calls.s3Put - summary.publishCalls.s3Put,
    dynamo: summary.calls.dynamo - summary.publishCalls.dynamo,
  };
}

/** Every item row and every archive key, read straight from the stores. */
export async function contents(storage: EmbeddedStorage): Promise<{ items: Item[]; archiveKeys: string[] }> {
  const clients = createStorageClients({ s3Endpoint: storage.s3Endpoint, dynamoEndpoint: storage.dynamoEndpoint });
  const sdk = sdkDocumentClient(storage);
  try {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await sdk.send(
        new ScanCommand({
          TableName: LOCAL_NAMES.table,
          FilterExpression: 'begins_with(pk, :item)',
          ExpressionAttributeValues: { ':item': 'ITEM#' },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    const archiveKeys: string[] = [];
    const s3 = (await clients.s3()).client;
    let token: string | undefined;
    do {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_NAMES.archiveBucket, ContinuationToken: token }));
      archiveKeys.push(...(out.Contents ?? []).map((object) => object.Key!));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return { items, archiveKeys };
  } finally {
    sdk.destroy();
    clients.destroy();
  }
}

/** A storage write the kill can follow: an archive PUT, or a DynamoDB PutItem of a fingerprint or an item row. */
export type KillPoint = 'archive-put' | 'fingerprint-row' | 'item-row';

function writeOf(service: 's3' | 'dynamo', req: http.IncomingMessage, body: string): KillPoint | null {
  if (service === 's3') return req.method === 'PUT' && req.url?.startsWith(`/${LOCAL_NAMES.archiveBucket}/`) ? 'archive-put' : null;
  if (!String(req.headers['x-amz-target'] ?? '').endsWith('.PutItem')) return null;
  const pk = (JSON.parse(body) as { Item?: { pk?: { S?: string } } }).Item?.pk?.S ?? '';
  return pk.startsWith('FP#') ? 'fingerprint-row' : pk.startsWith('ITEM#') ? 'item-row' : null;
}

/**
 * Storage seen through loopback proxies that can pull the plug: after the n-th write of
 * the given kind has been answered, both endpoints stop listening and every open
 * connection is cut, which is what the pass sees when the storage process dies. The
 * servers behind are stopped only once the pass is over (`stopServers`), because
 * dynalite throws out of its own process when closed under a request in flight.
 */
export async function killableStorage(real: EmbeddedStorage, killAfter: number, point: KillPoint = 'archive-put') {
  let writes = 0;
  let killed = false;
  const servers: http.Server[] = [];
  const kill = async () => {
    if (killed) return;
    killed = true;
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
  };
  const proxy = async (target: string, service: 's3' | 'dynamo'): Promise<string> => {
    const to = new URL(target);
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      if (service === 'dynamo') req.on('data', (chunk: Buffer) => chunks.push(chunk));
      const upstream = http.request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => {
            if (writeOf(service, req, Buffer.concat(chunks).toString('utf8')) === point) {
              writes += 1;
              if (writes === killAfter) void kill();
            }
          });
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const s3Endpoint = await proxy(real.s3Endpoint, 's3');
  const dynamoEndpoint = await proxy(real.dynamoEndpoint, 'dynamo');
  const storage: EmbeddedStorage = {
    s3Endpoint,
    dynamoEndpoint,
    env: { ...real.env, RUJP_S3_ENDPOINT: s3Endpoint, RUJP_DYNAMO_ENDPOINT: dynamoEndpoint },
    close: kill,
  };
  return { storage, killed: () => killed, writes: () => writes, stopServers: () => real.close() };
}
