import type { Context, SQSEvent } from 'aws-lambda';
import type { SourceMessage } from '../core/ports.js';

/** An SQS batch event as Lambda delivers it, for running the fetch handler locally. */
export function sqsEventOf(messages: readonly SourceMessage[], queueArn = 'arn:aws:sqs:us-east-1:000000000000:rujp-sources'): SQSEvent {
  const now = String(Date.now());
  return {
    Records: messages.map((message, i) => ({
      messageId: `local-${i}-${message.sourceId}`,
      receiptHandle: `local-${i}`,
      body: JSON.stringify(message),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: now,
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: now,
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

/** A Lambda context good enough for Powertools when a handler runs in-process. */
export function localContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `local-${Date.now().toString(36)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
