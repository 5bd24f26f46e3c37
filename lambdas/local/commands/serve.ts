import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { serveDirectory } from '../feed-server.js';
import { DEFAULT_OUT } from '../paths.js';

const USAGE = `usage: rujp serve [--port N] [--dir DIR]

Serves the published feeds and page (default ${DEFAULT_OUT}) on 127.0.0.1 (default port 8787),
with ETag/Last-Modified and 304 answers to conditional requests.`;

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const dir = values.dir ?? DEFAULT_OUT;
  if (!existsSync(dir)) {
    io.stderr.write(`rujp serve: nothing published yet in ${dir}; run \`npm run demo\` or \`rujp run\` first.\n`);
    return 1;
  }
  await serveUntilStopped(io, dir, port);
  return 0;
}

/** Serves the folder, prints where each feed is, and waits for Ctrl+C. */
export async function serveUntilStopped(io: CommandIO, dir: string, port: number): Promise<void> {
  const server = await serveDirectory(dir, { port });
  io.stdout.write(
    `Serving ${dir} at ${server.url}\n` +
      `  page:      ${server.url}index.html\n` +
      `  RSS:       ${server.url}feed.xml\n` +
      `  Atom:      ${server.url}atom.xml\n` +
      `  JSON Feed: ${server.url}feed.json\n` +
      `  OPML:      ${server.url}feeds.opml\n` +
      'Press Ctrl+C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
}
