import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSender, SourceMessage } from '../core/ports.js';

const SQS_BATCH_LIMIT = 10;

/**
 * Sends source messages in batches of ten. The SQS module is loaded on the first send, as
 * S3 is (store/clients.ts): of the three handlers only schedule sends, and the others should
 * not compile it at every cold start.
 */
export class SqsQueueSender implements QueueSender {
  private connection: Promise<{ sdk: typeof import('@aws-sdk/client-sqs'); client: SQSClient }> | undefined;

  constructor(
    private readonly region: string | undefined,
    private readonly queueUrl: string,
  ) {}

  private open() {
    return (this.connection ??= import('@aws-sdk/client-sqs').then((sdk) => ({
      sdk,
      client: new sdk.SQSClient(this.region ? { region: this.region } : {}),
    })));
  }

  async send(messages: readonly SourceMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { sdk, client } = await this.open();
    for (let i = 0; i < messages.length; i += SQS_BATCH_LIMIT) {
      const batch = messages.slice(i, i + SQS_BATCH_LIMIT);
      const out = await client.send(
        new sdk.SendMessageBatchCommand({
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
