import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { serveDirectory, type ServedDirectory } from '../feed-server.js';
import { DEFAULT_OUT } from '../paths.js';
import { isLocalBaseUrl, publishedBaseUrl } from '../published-base.js';

/** The port `rujp serve`, `demo` and `start` serve on, and so the one local runs write into their feeds. */
export const DEFAULT_PORT = 8787;

const USAGE = `usage: rujp serve [--port N] [--dir DIR]

Serves the published feeds and page (default ${DEFAULT_OUT}) on 127.0.0.1 (default port ${DEFAULT_PORT};
0 picks a free one), with ETag/Last-Modified and 304 answers to conditional requests. Feeds a
local run published for another port are served with their links pointing at this one.`;

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
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const dir = values.dir ?? DEFAULT_OUT;
  if (!existsSync(dir)) {
    io.stderr.write(`rujp serve: nothing published yet in ${dir}; run \`npm run demo\` or \`rujp run\` first.\n`);
    return 1;
  }
  await serveUntilStopped(io, dir, port);
  return 0;
}

/**
 * Serves a published folder on `port`. Feeds a local run rendered for another loopback base
 * (`rujp run` writes the default port; `--port 0` picks one only when serving) are served with
 * that base replaced by the one actually served, so a reader following a self link, the OPML
 * or a filtered feed stays on this server.
 */
export async function servePublished(dir: string, port: number): Promise<{ server: ServedDirectory; rebasedFrom: string | null }> {
  const published = publishedBaseUrl(dir);
  const rebaseFrom = published && isLocalBaseUrl(published) ? published : undefined;
  const server = await serveDirectory(dir, { port, rebaseFrom });
  return { server, rebasedFrom: rebaseFrom && rebaseFrom !== server.url ? rebaseFrom : null };
}

/** Serves the folder, prints where each feed is, and waits for Ctrl+C. */
export async function serveUntilStopped(io: CommandIO, dir: string, port: number): Promise<void> {
  const { server, rebasedFrom } = await servePublished(dir, port);
  io.stdout.write(
    `Serving ${dir} at ${server.url}\n` +
      (rebasedFrom ? `  (the feeds were written for ${rebasedFrom}; their links are served as ${server.url})\n` : '') +
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
