import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSender, SourceMessage } from '../core/ports.js';

const SQS_BATCH_LIMIT = 10;

export class SqsQueueSender implements QueueSender {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly SourceMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += SQS_BATCH_LIMIT) {
      const batch = messages.slice(i, i + SQS_BATCH_LIMIT);
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, n) => ({ Id: String(n), MessageBody: JSON.stringify(message) })),
        }),
      );
      if (out.Failed && out.Failed.length > 0) {
        const ids = out.Failed.map((failure) => `${batch[Number(failure.Id)]?.sourceId}: ${failure.Message}`);
        throw new Error(`SQS refused ${out.Failed.length} messages: ${ids.join('; ')}`);
      }
    }
  }
}
