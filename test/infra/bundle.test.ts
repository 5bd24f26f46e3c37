/**
 * Builds the three handlers exactly as `cdk synth` does (local esbuild, ESM, arm64) and loads
 * each bundle in a fresh Node process, so a bundling setting that breaks the handlers at cold
 * start (a CommonJS dependency calling require, a missing file) fails here, not in AWS.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES } from '../../lib/constructs/news-function.js';
import { projectRoot, synthStack } from './synth-stack.js';

// Inside the project (cdk.out is ignored by git); the load test copies each bundle out of it, so
// a bundle that still needs node_modules (the AWS SDK left external, say) fails there.
const outdir = join(projectRoot, 'cdk.out', `test-bundles-${process.pid}`);
const bundleDirs = new Map<string, string>();

beforeAll(() => {
  mkdirSync(outdir, { recursive: true });
  const { app, template } = synthStack({ bundle: true, outdir });
  const assembly = app.synth();
  const functions = template.findResources('AWS::Lambda::Function');
  for (const [logicalId, resource] of Object.entries(functions)) {
    const name = HANDLER_NAMES.find((handler) => logicalId.toLowerCase().includes(handler.replace('-', '')));
    // The S3 key of a bundled asset is its hash; the assembly holds the bundle as asset.<hash>/.
    const key = (resource as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key;
    if (name) bundleDirs.set(name, join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`));
  }
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('handler bundles', () => {
  it('one bundle per handler', () => {
    expect([...bundleDirs.keys()].sort()).toEqual([...HANDLER_NAMES].sort());
  });

  it.each(HANDLER_NAMES)('%s is an ESM bundle with the require shim, a source map, and the AWS SDK inside', (name) => {
    const dir = bundleDirs.get(name)!;
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    expect(code.startsWith("import { createRequire as __rujpCreateRequire } from 'node:module'")).toBe(true);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    // Bundled on purpose (lib/bundling.ts): nothing left to import from @aws-sdk at run time.
    // (The SDK's own error texts quote `[require("@aws-sdk/…")]`; those are not imports.)
    expect(code).not.toMatch(/(?<!\[)(from ?|import\(|require\()["']@aws-sdk\//);
    // Every byte is parsed at cold start: 2 MiB is well above today's largest (about 1.5 MiB).
    expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(2 * 1024 * 1024);
  });

  it.each(['schedule', 'fetch-source'])('%s carries the source registry of cdk.json next to its code', (name) => {
    const registry = join(bundleDirs.get(name)!, 'sources');
    const shipped = readdirSync(join(projectRoot, 'sources')).filter((file) => file.endsWith('.json'));
    expect(shipped.length).toBeGreaterThan(0);
    expect(readdirSync(registry).sort()).toEqual(expect.arrayContaining(shipped));
  });

  it('publish-feed does not carry the registry it never reads', () => {
    expect(existsSync(join(bundleDirs.get('publish-feed')!, 'sources'))).toBe(false);
  });

  it.each(HANDLER_NAMES)('%s loads in Node as ESM, away from node_modules, and exports its handler', (name) => {
    const away = mkdtempSync(join(tmpdir(), `rujp-${name}-`));
    cpSync(bundleDirs.get(name)!, away, { recursive: true });
    const url = pathToFileURL(join(away, 'index.mjs')).href;
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`],
      { encoding: 'utf8', cwd: away, env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1', TABLE_NAME: 'items', LOG_LEVEL: 'ERROR' } },
    );
    rmSync(away, { recursive: true, force: true });
    expect(out.trim()).toBe('function');
  });

  // What each cold start compiles: the start module and the chunks it imports statically,
  // named by the original sources in their maps. The rest loads on the path that needs it.
  const notAtStart: Record<string, RegExp[]> = {
    schedule: [/@aws-sdk\/client-s3\//, /@aws-sdk\/client-sqs\//, /lambdas\/(extract|classify|dedupe)\//, /lambdas\/feed\/(?!content-types)/, /snowball-stemmers|cheerio|rss-parser|sanitize-html/, /zod\/v4\/classic/],
    // A poll that finds nothing new (most polls) needs none of the readers, extraction, classifier or S3.
    'fetch-source': [/@aws-sdk\/client-s3\//, /@aws-sdk\/client-sqs\//, /lambdas\/(extract|classify|dedupe)\//, /lambdas\/feed\/(?!content-types)/, /snowball-stemmers|cheerio|rss-parser|sanitize-html/, /zod\/v4\/classic/],
    // Grouping stories reads stored fingerprints; nothing stems, extracts or parses feeds.
    // Full zod nowhere: the Lambdas validate with its mini build (core/schema.ts).
    // postcss only parses style attributes, which the feed policy never allows (lib/bundle-shims/postcss.ts).
    'publish-feed': [/@aws-sdk\/client-sqs\//, /lambdas\/extract\//, /lambdas\/sources\/discover/, /snowball-stemmers|cheerio|rss-parser/, /zod\/v4\/classic/, /node_modules\/(postcss|source-map-js)\//],
  };

  it.each(HANDLER_NAMES)('%s compiles at start only what its every call needs', (name) => {
    const dir = bundleDirs.get(name)!;
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/from ?"(\.\/[^"]+\.mjs)"/g)) visit(join(dirname(file), target!));
    };
    visit(join(dir, 'index.mjs'));
    const sources = [...loaded].flatMap((file) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources);
    expect(sources.length).toBeGreaterThan(50);
    // The table through the signed JSON client, not the SDK's DynamoDB client (store/dynamo-json-client.ts).
    expect(sources.some((source) => source.endsWith('lambdas/store/dynamo-json-client.ts'))).toBe(true);
    expect(sources.filter((source) => /@aws-sdk\/(client-dynamodb|lib-dynamodb)\//.test(source)).join(' ')).toBe('');
    for (const pattern of notAtStart[name]!) expect(sources.filter((source) => pattern.test(source)).join(" "), String(pattern)).toBe("");
  });

  it.each(HANDLER_NAMES)('%s: every lazily loaded chunk loads too, away from node_modules', (name) => {
    // Chunks run only on some paths (an SSO profile, a lazy import): a broken one would surface
    // in production on that path alone, so each is imported here.
    const away = mkdtempSync(join(tmpdir(), `rujp-${name}-`));
    cpSync(bundleDirs.get(name)!, away, { recursive: true });
    const chunks = existsSync(join(away, 'chunks')) ? readdirSync(join(away, 'chunks')).filter((file) => file.endsWith('.mjs')) : [];
    const urls = chunks.map((file) => pathToFileURL(join(away, 'chunks', file)).href);
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `let n = 0; for (const u of ${JSON.stringify(urls)}) { await import(u); n++; } console.log(n);`],
      { encoding: 'utf8', cwd: away, env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1', LOG_LEVEL: 'ERROR' } },
    );
    rmSync(away, { recursive: true, force: true });
    expect(Number(out.trim())).toBe(chunks.length);
  });
});
