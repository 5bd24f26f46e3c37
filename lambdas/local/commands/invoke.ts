import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { PollReport } from '../../pipeline/poll-source.js';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { createRuntime } from '../../runtime/runtime.js';
import { useRuntime } from '../../runtime/default-runtime.js';
import { pipelineLog } from '../../runtime/observability.js';
import { startEmbeddedStorage } from '../embedded-storage.js';
import { startRecordedServer } from '../recorded-server.js';
import { DEAD_LETTER_FILE, FileQueue, QUEUE_FILE } from '../file-queue.js';
import { localContext, sqsEventOf } from '../lambda-events.js';
import { DirFeedTarget } from '../dir-feed-target.js';
import { DEFAULT_DEMO_DATA, DEFAULT_LIVE_DATA, DEFAULT_OUT, PACKAGE_ROOT, RECORDED_SITES } from '../paths.js';

const HANDLERS = ['schedule', 'fetch-source', 'publish-feed'] as const;
type HandlerName = (typeof HANDLERS)[number];

const USAGE = `usage: rujp invoke HANDLER [--event FILE] [--recorded] [--data-dir DIR] [--out DIR]

Runs one Lambda handler (${HANDLERS.join(', ')}) in-process with its exported \`handler\`,
against the embedded S3/DynamoDB under the data dir. Sample events are in events/.
schedule writes its SQS messages to <data-dir>/queue.jsonl; fetch-source without --event
takes them from there. --recorded fetches from the recorded snapshot instead of the web.
The handler's result goes to stdout; fetch-source also reports each source on stderr
(status, reason, items new and relevant), since its result lists only failed messages.`;

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
type FetchHooks = { onReport: (report: PollReport) => void; onError: (sourceId: string, error: Error) => void };

async function loadHandler(name: HandlerName, hooks: FetchHooks): Promise<Handler> {
  switch (name) {
    case 'schedule':
      return (await import('../../handlers/schedule.js')).handler as never;
    case 'fetch-source':
      // The deployed handler, with the hooks that let us say what happened to each source.
      return (await import('../../handlers/fetch-source.js')).createHandler(hooks) as never;
    case 'publish-feed':
      return (await import('../../handlers/publish-feed.js')).handler as never;
  }
}

/** What each handler is invoked with in AWS; checked before anything starts. */
const SqsEventShape = z.object({
  Records: z
    .array(z.object({ eventSource: z.literal('aws:sqs'), messageId: z.string().min(1), body: z.string() }))
    .min(1, 'an SQS batch holds at least one record'),
});
const StreamEventShape = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:dynamodb'),
      eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
      dynamodb: z.object({}).passthrough(),
    }),
  ),
});

const isEmptyObject = (event: unknown) =>
  event !== null && typeof event === 'object' && !Array.isArray(event) && Object.keys(event).length === 0;

const EXPECTED: Record<HandlerName, { shape?: z.ZodType; alsoAccepts?: (event: unknown) => boolean; what: string }> = {
  schedule: { what: 'any event (EventBridge sends a "Scheduled Event")' },
  'fetch-source': {
    shape: SqsEventShape,
    what: 'an SQS event as the sources queue delivers it: {"Records":[{"eventSource":"aws:sqs","messageId":"…","body":"{\\"sourceId\\":\\"tass-ru\\"}"}]}',
  },
  'publish-feed': {
    shape: StreamEventShape,
    // The feeds are built from the table, not from the records, so {} publishes as well.
    alsoAccepts: isEmptyObject,
    what: 'a DynamoDB stream event ({"Records":[{"eventSource":"aws:dynamodb","eventName":"INSERT","dynamodb":{…}}]}) or {}',
  },
};

const samplesDir = () => path.relative(process.cwd(), path.join(PACKAGE_ROOT, 'events')) || 'events';

/**
 * Refuses an event the handler would not get in AWS (an SQS batch handed to publish-feed, a
 * stream record to fetch-source), saying what it takes and where the sample events are.
 */
export function checkEvent(name: HandlerName, event: unknown, shownAs: string): void {
  const { shape, alsoAccepts, what } = EXPECTED[name];
  if (!shape || alsoAccepts?.(event)) return;
  const parsed = shape.safeParse(event);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  const sample = path.join(samplesDir(), `${name}.json`);
  throw new UsageError(
    `${shownAs} is not an event ${name} takes (${where}${issue.message}).\n${name} takes ${what}.\nSample events for every handler are in ${samplesDir()}/; try --event ${sample}`,
  );
}

/** One line per source: what the fetch handler's result (only failed message ids) does not say. */
export function reportLine(report: PollReport): string {
  const { items } = report;
  const counts = `${report.candidates} links, ${items.new} new, ${items.relevant} relevant${items.duplicate ? `, ${items.duplicate} reprints` : ''}${items.failed ? `, ${items.failed} failed` : ''}`;
  const why = report.status === 'failed' ? `${report.failureKind ?? 'error'}: ${report.reason ?? ''}` : report.reason;
  return `source ${report.sourceId}: ${report.status}, ${counts}${why ? ` (${why})` : ''}`;
}

/** Why a message got no report: the handler drops (and only logs) a body it cannot use. */
function droppedLine(record: { messageId: string; body: string }, known: ReadonlySet<string>): string {
  let sourceId: unknown;
  try {
    sourceId = (JSON.parse(record.body) as { sourceId?: unknown })?.sourceId;
  } catch {
    return `message ${record.messageId}: dropped, its body is not JSON (expected {"sourceId":"<registry id>"})`;
  }
  if (typeof sourceId !== 'string' || !sourceId) return `message ${record.messageId}: dropped, its body has no "sourceId"`;
  if (!known.has(sourceId)) return `message ${record.messageId}: dropped, no registry source has the id "${sourceId}"`;
  return `message ${record.messageId}: source ${sourceId} was not polled`;
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
  const queue = new FileQueue(path.join(dataDir, QUEUE_FILE));

  let event: unknown;
  if (parsed.values.event) {
    try {
      event = JSON.parse(readFileSync(parsed.values.event, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read event ${parsed.values.event}: ${(error as Error).message}`);
    }
    checkEvent(name, event, parsed.values.event);
  } else if (name === 'fetch-source') {
    const messages = queue.drain();
    if (messages.length === 0) {
      throw new UsageError(
        `no --event and no queued messages in ${path.join(dataDir, QUEUE_FILE)}; run \`rujp invoke schedule\` first or pass --event ${path.relative(process.cwd(), path.join(PACKAGE_ROOT, 'events', 'fetch-source.json'))}`,
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
      // The recorded server is ours: no need to space requests as we do for real sites.
      http: recorded ? { perHostDelayMs: 0, route: recorded.route, allowOrigins: [recorded.origin] } : undefined,
    });
    useRuntime(rt);
    const reports: PollReport[] = [];
    const crashed = new Set<string>();
    const handler = await loadHandler(name, {
      onReport: (report) => {
        reports.push(report);
        io.stderr.write(`${reportLine(report)}\n`);
      },
      onError: (sourceId, error) => {
        crashed.add(sourceId);
        io.stderr.write(`source ${sourceId}: error, ${error.message} (its message is reported as failed; SQS would retry it)\n`);
      },
    });
    const result = await handler(event, localContext(name));
    if (name === 'fetch-source') {
      const polled = new Set([...reports.map((report) => report.sourceId), ...crashed]);
      const known = new Set(rt.sources().map((source) => source.id));
      for (const record of (event as z.infer<typeof SqsEventShape>).Records) {
        const sourceId = safeSourceId(record.body);
        if (!sourceId || !polled.has(sourceId)) io.stderr.write(`${droppedLine(record, known)}\n`);
      }
      // Locally there is no poller to retry a failed message: it goes to the dead-letter file at
      // once, where \`rujp redrive\` puts it back on the queue (in AWS, after three receives).
      const failed = new Set(((result as { batchItemFailures?: { itemIdentifier: string }[] })?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      const deadLetters = (event as z.infer<typeof SqsEventShape>).Records.filter((record) => failed.has(record.messageId));
      if (deadLetters.length) {
        await new FileQueue(path.join(dataDir, DEAD_LETTER_FILE)).send(deadLetters.map((record) => JSON.parse(record.body)));
        io.stderr.write(`${deadLetters.length} failed message${deadLetters.length === 1 ? '' : 's'} moved to ${path.join(dataDir, DEAD_LETTER_FILE)}; \`rujp redrive\` queues them again
`);
      }
      const unreachable = reports.filter((report) => report.failureKind === 'network' || report.failureKind === 'timeout');
      if (unreachable.length > 0 && unreachable.length === reports.length && !recorded) {
        io.stderr.write(
          'No source could be fetched. Is this machine offline? --recorded fetches from the recorded snapshot instead.\n',
        );
      }
    }
    io.stdout.write(`${JSON.stringify(result ?? null)}\n`);
    rt.storage.destroy();
    return 0;
  } finally {
    useRuntime(undefined);
    await recorded?.close();
    await storage.close();
  }
}

function safeSourceId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { sourceId?: unknown })?.sourceId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
