import type { QueueSender, SourceMessage } from '../core/ports.js';

/** Stands in for SQS locally: the runner drains it into an SQS-shaped event. */
export class MemoryQueue implements QueueSender {
  readonly messages: SourceMessage[] = [];

  async send(messages: readonly SourceMessage[]): Promise<void> {
    this.messages.push(...messages);
  }

  drain(): SourceMessage[] {
    return this.messages.splice(0, this.messages.length);
  }
}
