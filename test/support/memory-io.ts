import { PassThrough, Readable } from 'node:stream';
import type { CommandIO } from '../../lambdas/local/command-io.js';

/** In-memory streams for running a command in-process; `stdoutText()` and `stderrText()` read what it wrote. */
export function memoryIO(input: string | Buffer = ''): CommandIO & { stdoutText(): string; stderrText(): string } {
  const out = new PassThrough();
  const err = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => outChunks.push(chunk));
  err.on('data', (chunk: Buffer) => errChunks.push(chunk));
  return {
    stdin: Readable.from([Buffer.isBuffer(input) ? input : Buffer.from(input)]),
    stdout: out,
    stderr: err,
    stdoutText: () => Buffer.concat(outChunks).toString('utf8'),
    stderrText: () => Buffer.concat(errChunks).toString('utf8'),
  };
}
