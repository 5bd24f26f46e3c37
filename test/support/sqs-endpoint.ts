/**
 * An SQS endpoint on 127.0.0.1 that takes SendMessageBatch (AWS JSON 1.0, as the SDK sends
 * it) and keeps the messages, so the schedule bundle can send to a QUEUE_URL of ours in its own
 * process; the SDK sends to the host of the QueueUrl. Anything else is answered with an error
 * naming the action, so a handler that starts calling more of SQS fails here, visibly.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  messageId: string;
  body: string;
  sentAt: number;
}

export interface SqsEndpoint {
  /** A queue URL on this endpoint, for a QUEUE_URL variable. */
  queueUrl(name: string): string;
  /** Takes every message sent to the queue so far. */
  take(name: string): SentMessage[];
  close(): Promise<void>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export async function startSqsEndpoint(): Promise<SqsEndpoint> {
  const queues = new Map<string, SentMessage[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      if (target !== 'AmazonSQS.SendMessageBatch') {
        return reply(400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `this test endpoint takes SendMessageBatch only, not ${target || 'a request without X-Amz-Target'}` });
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] };
      const name = new URL(input.QueueUrl).pathname.split('/').pop()!;
      const queue = queues.get(name) ?? [];
      queues.set(name, queue);
      const successful = input.Entries.map((entry) => {
        const messageId = randomUUID();
        queue.push({ messageId, body: entry.MessageBody, sentAt: Date.now() });
        // The SDK checks every MD5 it is given against the body it sent.
        return { Id: entry.Id, MessageId: messageId, MD5OfMessageBody: md5(entry.MessageBody) };
      });
      reply(200, { Successful: successful, Failed: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    queueUrl: (name) => `http://127.0.0.1:${port}/123456789012/${name}`,
    take(name) {
      const taken = queues.get(name) ?? [];
      queues.set(name, []);
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
