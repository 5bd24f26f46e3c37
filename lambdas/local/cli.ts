import type { CommandIO, CommandMain } from './command-io.js';
import { processIO, UsageError } from './command-io.js';

// Local runs have no CloudWatch, and their stdout belongs to the command's own output.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// The supported Node range is the package's own choice (engines); the SDK's notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandMain> }> = {
  run: { summary: 'one pass of the pipeline over the registry (live web)', load: async () => (await import('./commands/run.js')).main },
  demo: { summary: 'the same pass over the recorded snapshot, then serve the feeds', load: async () => (await import('./commands/run.js')).demo },
  start: { summary: 'a live pass, then serve (npm start)', load: async () => (await import('./commands/run.js')).start },
  serve: { summary: 'serve the published feeds and page on 127.0.0.1', load: async () => (await import('./commands/serve.js')).main },
  extract: { summary: 'extract article text and metadata from HTML files', load: async () => (await import('./commands/extract.js')).main },
  classify: { summary: 'classify JSON lines from stdin', load: async () => (await import('./commands/classify.js')).main },
  sources: { summary: 'list, validate and live-check the source registry', load: async () => (await import('./commands/sources.js')).main },
  invoke: { summary: 'run one Lambda handler locally against the embedded servers', load: async () => (await import('./commands/invoke.js')).main },
  status: { summary: "each source's last success, failures, backoff and next poll (local or deployed)", load: async () => (await import('./commands/status.js')).main },
  redrive: { summary: 'move dead-letter messages back to the sources queue (local or deployed)', load: async () => (await import('./commands/redrive.js')).main },
  bench: { summary: 'run the benchmarks (npm run bench)', load: async () => (await import('./commands/bench.js')).main },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `usage: rujp <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nrujp <command> --help shows a command's options.\n`;
}

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`rujp: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`rujp ${name}: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`rujp ${name}: ${(error as Error).message}\n`);
    if (process.env.RUJP_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
