/** Counts the storage calls a pass makes, for the run summary and the no-op budget test. */
export interface CallCounts {
  s3Put: number;
  s3Get: number;
  s3Other: number;
  dynamo: number;
}

export function newCallCounts(): CallCounts {
  return { s3Put: 0, s3Get: 0, s3Other: 0, dynamo: 0 };
}

interface MiddlewareHost {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Adds one count per S3 command sent (retries of the same command count once). DynamoDB calls
 * are counted by the signed client itself (store/clients.ts), which has no middleware stack.
 */
export function countCalls(client: unknown, service: 's3', counts: CallCounts): void {
  (client as MiddlewareHost).middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (name === 'PutObjectCommand') counts.s3Put += 1;
      else if (name === 'GetObjectCommand') counts.s3Get += 1;
      else counts.s3Other += 1;
      return next(args);
    },
    { step: 'initialize', name: `rujp-count-${service}` },
  );
}
