import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../command-io.js';
import { UsageError } from '../command-io.js';
import { decodeBody } from '../../http/charset.js';
import { extractArticle } from '../../extract/extract-article.js';

const USAGE = `usage: rujp extract [--url URL] FILE...

FILE is .html, .html.gz or - (stdin). Prints one JSON line per file:
{"file","title","text","publishedAt","author","lang","image"}; a file that cannot be read
gives {"file","error"} and the others go on.`;

/** Pages past this are cut before parsing: no article needs more, and a 50 MB page must not stall a batch. */
const MAX_INPUT_BYTES = 8 * 1024 * 1024;

async function readInput(file: string, stdin: NodeJS.ReadableStream): Promise<Buffer> {
  let raw: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stdin) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > MAX_INPUT_BYTES * 4) break;
      chunks.push(buffer);
    }
    raw = Buffer.concat(chunks);
  } else {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, MAX_INPUT_BYTES * 4);
      raw = Buffer.alloc(length);
      await handle.read(raw, 0, length, 0);
    } finally {
      await handle.close();
    }
  }
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw, { maxOutputLength: MAX_INPUT_BYTES * 4 });
    } catch (error) {
      throw new Error(`not a readable gzip file: ${(error as Error).message}`);
    }
  }
  return raw.length > MAX_INPUT_BYTES ? raw.subarray(0, MAX_INPUT_BYTES) : raw;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) throw new UsageError(`no FILE given\n${USAGE}`);
  let failures = 0;
  for (const file of parsed.positionals) {
    try {
      const raw = await readInput(file, io.stdin);
      if (raw.length === 0) throw new Error('empty file');
      if (raw.subarray(0, 4096).includes(0)) throw new Error('binary data, not an HTML page');
      const { text: html } = decodeBody(raw, 'text/html');
      const article = extractArticle(html, parsed.values.url ? { url: parsed.values.url } : {});
      io.stdout.write(
        `${JSON.stringify({
          file,
          title: article.title,
          text: article.text,
          publishedAt: article.publishedAt,
          author: article.author,
          lang: article.lang,
          image: article.image,
          canonicalUrl: article.canonicalUrl,
          dateText: article.dateText,
        })}\n`,
      );
    } catch (error) {
      failures += 1;
      io.stdout.write(`${JSON.stringify({ file, error: (error as Error).message })}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}
