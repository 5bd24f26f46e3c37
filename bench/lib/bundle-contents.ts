import type { Metafile } from 'esbuild';

/** Bytes each npm package (or project folder) contributes to a bundle, largest first. */
export function bytesByPackage(metafile: Metafile): [name: string, bytes: number][] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  if (!output) return [];
  const sizes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
    sizes.set(pkg, (sizes.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

/** "zod 92 KiB, @smithy/core 139 KiB, …" for a log line. */
export function largestPackages(metafile: Metafile, count: number): string {
  return bytesByPackage(metafile)
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`)
    .join(', ');
}
