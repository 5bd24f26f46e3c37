import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { createRuntime } from '../../runtime/runtime.js';
import { useRuntime } from '../../runtime/default-runtime.js';
import { pipelineLog } from '../../runtime/observability.js';
import { startEmbeddedStorage } from '../embedded-storage.js';
import { startRecordedServer } from '../recorded-server.js';
import { FileQueue } from '../file-queue.js';
import { localContext, sqsEventOf } from '../lambda-events.js';
import { DirFeedTarget } from '../dir-feed-target.js';
import { DEFAULT_DEMO_DATA, DEFAULT_LIVE_DATA, DEFAULT_OUT, PACKAGE_ROOT, RECORDED_SITES } from '../paths.js';

const HANDLERS = ['schedule', 'fetch-source', 'publish-feed'] as const;
type HandlerName = (typeof HANDLERS)[number];

const USAGE = `usage: rujp invoke HANDLER [--event FILE] [--recorded] [--data-dir DIR] [--out DIR]

Runs one Lambda handler (${HANDLERS.join(', ')}) in-process with its exported \`handler\`,
against the embedded S3/DynamoDB under the data dir. Sample events are in events/.
schedule writes its SQS messages to <data-dir>/queue.jsonl; fetch-source without --event
takes them from there. --recorded fetches from the recorded snapshot instead of the web.`;

async function loadHandler(name: HandlerName): Promise<(event: unknown, context: unknown) => Promise<unknown>> {
  switch (name) {
    case 'schedule':
      return (await import('../../handlers/schedule.js')).handler as never;
    case 'fetch-source':
      return (await import('../../handlers/fetch-source.js')).handler as never;
    case 'publish-feed':
      return (await import('../../handlers/publish-feed.js')).handler as never;
  }
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        event: { type: 'string' },
        recorded: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const name = parsed.positionals[0] as HandlerName | undefined;
  if (!name || !HANDLERS.includes(name) || parsed.positionals.length > 1) {
    throw new UsageError(`name one handler: ${HANDLERS.join(', ')}\n${USAGE}`);
  }
  const dataDir = parsed.values['data-dir'] ?? (parsed.values.recorded ? DEFAULT_DEMO_DATA : DEFAULT_LIVE_DATA);
  const queue = new FileQueue(path.join(dataDir, 'queue.jsonl'));

  let event: unknown;
  if (parsed.values.event) {
    try {
      event = JSON.parse(readFileSync(parsed.values.event, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read event ${parsed.values.event}: ${(error as Error).message}`);
    }
  } else if (name === 'fetch-source') {
    const messages = queue.drain();
    if (messages.length === 0) {
      throw new UsageError(
        `no --event and no queued messages in ${path.join(dataDir, 'queue.jsonl')}; run \`rujp invoke schedule\` first or pass --event ${path.relative(process.cwd(), path.join(PACKAGE_ROOT, 'events', 'fetch-source.json'))}`,
      );
    }
    event = sqsEventOf(messages);
  } else {
    event = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'events', `${name}.json`), 'utf8'));
  }

  const storage = await startEmbeddedStorage(dataDir);
  const recorded = parsed.values.recorded ? await startRecordedServer({ root: [RECORDED_SITES] }) : null;
  try {
    const rt = createRuntime(pipelineLog, {
      env: { ...process.env, ...storage.env },
      queue,
      alsoPublishTo: [new DirFeedTarget(parsed.values.out ?? DEFAULT_OUT)],
      http: recorded ? { route: recorded.route, allowOrigins: [recorded.origin] } : undefined,
    });
    useRuntime(rt);
    const handler = await loadHandler(name);
    const result = await handler(event, localContext(name));
    io.stdout.write(`${JSON.stringify(result ?? null)}\n`);
    rt.storage.destroy();
    return 0;
  } finally {
    useRuntime(undefined);
    await recorded?.close();
    await storage.close();
  }
}
