/**
 * How every Lambda handler is bundled, in one place: the CDK construct bundles with
 * `bundleHandlerSync` during synth, and the benchmark with `bundleHandler`, both from
 * `handlerBuildOptions`, so the bundle the bench sizes and starts is the bundle that is deployed.
 */
import type { BuildOptions, Metafile } from 'esbuild';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** CommonJS dependencies bundled into ESM still call require() for Node built-ins. */
export const REQUIRE_BANNER =
  "import { createRequire as __rujpCreateRequire } from 'node:module';const require = __rujpCreateRequire(import.meta.url);";

/**
 * The AWS SDK is bundled, not taken from the runtime. Measured (2 × AMD EPYC, Node 20, import of
 * the schedule bundle in a fresh process, median of 9): SDK left external and loaded from
 * node_modules 390 ms, SDK bundled 250 ms, bare `node -e 0` 62 ms (`npm run bench` re-measures
 * it in every run). The runtime's copy is the same CommonJS build spread over hundreds of files
 * that Node resolves and compiles one by one, as in the external case; the bundled copy is the
 * ESM build, tree-shaken to the commands we call and minified. It also pins the SDK version the
 * tests ran with.
 */
export const EXTERNAL_MODULES: readonly string[] = [];

/** Node version the Lambda runtime runs (NODEJS_22_X in the construct). */
export const BUNDLE_TARGET = 'node22';

/** The handler module file inside a bundle; the function's handler is `index.handler`. */
export const ENTRY_FILE = 'index.mjs';

/**
 * esbuild options that bundle `lambdas/handlers/<name>.ts` into `outdir`.
 *
 * Code splitting: every `await import()` (the SDK's credential providers for SSO, STS, web
 * identity; any lazy path of our own) becomes a chunk under `chunks/` that is read only when
 * that path runs, so a cold start compiles only what the handler's first steps need (about 25 ms
 * less per start on the measured machine).
 * Source maps are written beside the code (no sources inside). The functions run with
 * NODE_OPTIONS=--enable-source-maps, so Node reads the map of each module it loads: measured at
 * about 38 ms of a 320 ms fetch-source import (`npm run bench` shows it each run). Kept on
 * purpose: this is a batch pipeline where nobody waits on a cold start, and an error in the logs
 * that names a TypeScript line is worth more than those milliseconds.
 */
export function handlerBuildOptions(projectRoot: string, name: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: join(projectRoot, 'lambdas', 'handlers', `${name}.ts`) },
    outdir,
    absWorkingDir: projectRoot,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    // Tree-shaking is esbuild's default when bundling; ESM builds of dependencies are what it
    // can shake, CommonJS ones it keeps whole.
    mainFields: ['module', 'main'],
    sourcemap: true,
    sourcesContent: false,
    banner: { js: REQUIRE_BANNER },
    external: [...EXTERNAL_MODULES],
    // Only sanitize-html requires postcss, for style attributes our policy never allows.
    alias: { postcss: './lib/bundle-shims/postcss.ts' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
}

export interface BundleResult {
  /** Path of the handler module (`<outdir>/index.mjs`). */
  file: string;
  /** Bytes of the handler module, which every cold start reads and compiles. */
  bytes: number;
  /** Bytes of all JavaScript in the bundle, lazy chunks included (what is deployed). */
  totalBytes: number;
  metafile: Metafile;
}

function resultOf(outdir: string, metafile: Metafile): BundleResult {
  const file = join(outdir, ENTRY_FILE);
  const totalBytes = Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith('.mjs'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
  return { file, bytes: statSync(file).size, totalBytes, metafile };
}

/** Files or folders copied next to the code (absolute source → name inside the bundle). */
export type ExtraFiles = Record<string, string>;

function copyExtras(outdir: string, extraFiles: ExtraFiles): void {
  for (const [source, name] of Object.entries(extraFiles)) cpSync(source, join(outdir, name), { recursive: true });
}

/** Bundles one handler (for the bench and scripts); `overrides` are for comparisons only. */
export async function bundleHandler(
  projectRoot: string,
  name: string,
  outdir: string,
  overrides: Partial<BuildOptions> = {},
): Promise<BundleResult> {
  const { build } = await import('esbuild');
  mkdirSync(outdir, { recursive: true });
  const result = await build({ ...handlerBuildOptions(projectRoot, name, outdir), ...overrides, metafile: true });
  return resultOf(outdir, result.metafile!);
}

/** The same bundle, synchronously, for CDK's local bundling hook (which cannot await). */
export function bundleHandlerSync(projectRoot: string, name: string, outdir: string, extraFiles: ExtraFiles = {}): BundleResult {
  // Loaded on demand: synth without bundling (most infrastructure tests) never needs esbuild.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  mkdirSync(outdir, { recursive: true });
  const result = buildSync(handlerBuildOptions(projectRoot, name, outdir));
  copyExtras(outdir, extraFiles);
  return resultOf(outdir, result.metafile!);
}
