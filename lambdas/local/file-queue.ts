import { appendFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import type { QueueSender, SourceMessage } from '../core/ports.js';

/** The local sources queue and its dead-letter queue, in the data folder. */
export const QUEUE_FILE = 'queue.jsonl';
export const DEAD_LETTER_FILE = 'dead-letters.jsonl';

/**
 * A queue in a JSON-lines file, so `rujp invoke schedule` and a later
 * `rujp invoke fetch-source` hand messages to each other as SQS does between the Lambdas.
 */
export class FileQueue implements QueueSender {
  constructor(private readonly file: string) {}

  async send(messages: readonly SourceMessage[]): Promise<void> {
    if (messages.length === 0) return;
    appendFileSync(this.file, messages.map((message) => `${JSON.stringify(message)}\n`).join(''));
  }

  /** Takes every waiting message; the file is moved away first so none is read twice. */
  drain(): SourceMessage[] {
    if (!existsSync(this.file)) return [];
    const taken = `${this.file}.taking`;
    renameSync(this.file, taken);
    const lines = readFileSync(taken, 'utf8').split('\n').filter(Boolean);
    rmSync(taken);
    return lines.map((line) => JSON.parse(line) as SourceMessage);
  }
}
