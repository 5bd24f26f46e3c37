/**
 * `rujp redrive`: puts the messages of the dead-letter queue back on the sources queue, once
 * what made them fail is fixed. Locally from the data folder's dead-letter file to its queue
 * file; in AWS through SQS's own redrive (StartMessageMoveTask), which moves them back to the
 * queue they came from.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { DEAD_LETTER_FILE, FileQueue, QUEUE_FILE } from '../file-queue.js';
import { DEFAULT_DEMO_DATA, DEFAULT_LIVE_DATA } from '../paths.js';

const USAGE = `usage: rujp redrive [--data-dir DIR | --demo]
       rujp redrive --dlq-arn ARN [--profile NAME] [--region REGION]

Moves the dead-letter messages back to the sources queue. Locally: from
<data-dir>/${DEAD_LETTER_FILE} to <data-dir>/${QUEUE_FILE} (default data dir ${DEFAULT_LIVE_DATA},
--demo: ${DEFAULT_DEMO_DATA}); \`rujp invoke fetch-source\` then takes them. In AWS: starts
SQS's redrive of the queue --dlq-arn names (the stack's DeadLetterQueueArn output) back to
its source queue, and prints the task's progress.`;

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        demo: { type: 'boolean', default: false },
        'dlq-arn': { type: 'string' },
        profile: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const arn = values['dlq-arn'];
  if (arn === undefined) {
    if (values.profile || values.region) throw new UsageError(`--profile and --region go with --dlq-arn\n${USAGE}`);
    const dataDir = values['data-dir'] ?? (values.demo ? DEFAULT_DEMO_DATA : DEFAULT_LIVE_DATA);
    const deadLetters = new FileQueue(path.join(dataDir, DEAD_LETTER_FILE));
    const queue = new FileQueue(path.join(dataDir, QUEUE_FILE));
    const messages = deadLetters.drain();
    await queue.send(messages);
    const ids = messages.map((message) => message.sourceId).join(', ');
    io.stdout.write(
      messages.length
        ? `moved ${messages.length} message${messages.length === 1 ? '' : 's'} (${ids}) from ${path.join(dataDir, DEAD_LETTER_FILE)} to ${path.join(dataDir, QUEUE_FILE)}\n`
        : `no dead-letter messages in ${path.join(dataDir, DEAD_LETTER_FILE)}\n`,
    );
    return 0;
  }

  if (values['data-dir'] || values.demo) throw new UsageError(`--dlq-arn redrives in AWS; --data-dir and --demo are for local data\n${USAGE}`);
  if (!/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn)) throw new UsageError(`--dlq-arn: "${arn}" is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>)`);
  if (values.profile) process.env.AWS_PROFILE = values.profile;
  // The queue's region is in its ARN; --region only overrides it.
  const region = values.region ?? arn.split(':')[3]!;
  const { SQSClient, StartMessageMoveTaskCommand, ListMessageMoveTasksCommand } = await import('@aws-sdk/client-sqs');
  const client = new SQSClient({ region });
  try {
    // No DestinationArn: SQS moves each message back to the queue it was dead-lettered from.
    const started = await client.send(new StartMessageMoveTaskCommand({ SourceArn: arn }));
    const tasks = await client.send(new ListMessageMoveTasksCommand({ SourceArn: arn, MaxResults: 1 }));
    const task = tasks.Results?.[0];
    io.stdout.write(
      `redrive started (task ${started.TaskHandle}): ${task?.Status ?? 'status unknown'}, ${task?.ApproximateNumberOfMessagesToMove ?? '?'} messages to move back from ${arn}\n`,
    );
    return 0;
  } catch (error) {
    throw new Error(`SQS refused the redrive of ${arn}: ${(error as Error).message}`);
  } finally {
    client.destroy();
  }
}
