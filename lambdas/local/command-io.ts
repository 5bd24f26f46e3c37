/** Streams a CLI command reads and writes, so tests can run commands in-process. */
export interface CommandIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Every `rujp` sub-command module exports one of these; it returns the process exit code. */
export type CommandMain = (argv: string[], io: CommandIO) => Promise<number>;

/** A usage error: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const processIO: CommandIO = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
};
