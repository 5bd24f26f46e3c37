/**
 * How every Lambda handler is bundled, in one place: the CDK construct hands these settings to
 * NodejsFunction, and the benchmark bundles with esbuild's API from the same settings, so the
 * bundle it sizes and starts is the bundle that is deployed.
 */
import type { BuildOptions, Metafile } from 'esbuild';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** CommonJS dependencies bundled into ESM still call require() for Node built-ins. */
export const REQUIRE_BANNER =
  "import { createRequire as __rujpCreateRequire } from 'node:module';const require = __rujpCreateRequire(import.meta.url);";

/**
 * The AWS SDK is bundled, not taken from the runtime. Measured (2 × AMD EPYC, Node 20, import of
 * the schedule bundle in a fresh process, median): SDK left external and loaded from
 * node_modules 410 ms, SDK bundled 280 ms, bare `node -e 0` 90 ms. The runtime's copy is the
 * same CommonJS build spread over hundreds of files that Node resolves and compiles one by one
 * (the external case above), while the bundled copy is the ESM build, tree-shaken to the
 * commands we call and minified into one file. Bundling also pins the SDK version we test with.
 */
export const EXTERNAL_MODULES: readonly string[] = [];

/** Node version the Lambda runtime runs (NODEJS_22_X in the construct). */
export const BUNDLE_TARGET = 'node22';

/** Settings shared by NodejsFunction and the esbuild API call below. */
export const BUNDLE_SETTINGS = {
  minify: true,
  // Stack traces in the logs point at the TypeScript sources; the map is a separate file, read
  // only because NODE_OPTIONS=--enable-source-maps asks for it.
  sourceMap: true,
  sourcesContent: false,
  target: BUNDLE_TARGET,
  // Prefer the ESM builds of dependencies: esbuild can tree-shake them, not CommonJS.
  mainFields: ['module', 'main'],
  banner: REQUIRE_BANNER,
  externalModules: EXTERNAL_MODULES,
} as const;

/** The esbuild options that bundle one handler entry into `outfile`, as `cdk synth` does. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_SETTINGS.target,
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: BUNDLE_SETTINGS.sourcesContent,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    banner: { js: BUNDLE_SETTINGS.banner },
    external: [...BUNDLE_SETTINGS.externalModules],
    logLevel: 'warning',
  };
}

export interface BundleResult {
  /** Path of the bundled `index.mjs`. */
  file: string;
  bytes: number;
  metafile: Metafile;
}

/**
 * Bundles `lambdas/handlers/<name>.ts` into `<outdir>/index.mjs` (plus its source map), with
 * the metafile so callers can see what the bytes are made of (esbuild's analyzeMetafile).
 */
export async function bundleHandler(
  projectRoot: string,
  name: string,
  outdir: string,
  /** Departures from the deployed settings, for comparisons only (e.g. the SDK left external). */
  overrides: Partial<BuildOptions> = {},
): Promise<BundleResult> {
  const { build } = await import('esbuild');
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
  const result = await build({
    ...esbuildOptions(join(projectRoot, 'lambdas', 'handlers', `${name}.ts`), file),
    absWorkingDir: projectRoot,
    ...overrides,
    metafile: true,
  });
  return { file, bytes: statSync(file).size, metafile: result.metafile! };
}
