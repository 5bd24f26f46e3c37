/**
 * One table of media types and cache lifetimes for the published files, so the cloud
 * publisher and the local `rujp serve` send the same headers for the same file.
 */

const BY_NAME: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|\/)atom\.xml$/, 'application/atom+xml; charset=utf-8'],
  [/\.xml$/, 'application/rss+xml; charset=utf-8'],
  [/(^|\/)feed\.json$/, 'application/feed+json; charset=utf-8'],
  [/\.json$/, 'application/json; charset=utf-8'],
  [/\.opml$/, 'text/x-opml; charset=utf-8'],
  [/\.html?$/, 'text/html; charset=utf-8'],
  [/\.css$/, 'text/css; charset=utf-8'],
  [/\.txt$/, 'text/plain; charset=utf-8'],
  [/\.png$/, 'image/png'],
  [/\.svg$/, 'image/svg+xml'],
] as const;

/**
 * Media type (with charset for text) of a published path.
 * @example contentTypeFor('regions/amur-oblast/atom.xml') // 'application/atom+xml; charset=utf-8'
 */
export function contentTypeFor(path: string): string {
  const lower = path.toLowerCase();
  for (const [pattern, type] of BY_NAME) if (pattern.test(lower)) return type;
  return 'application/octet-stream';
}

/**
 * Feeds and the page change at most every poll, so a few minutes of caching spares the
 * origin without making readers miss news for long; revalidation is cheap thanks to ETags.
 */
export function cacheControlFor(path: string): string {
  if (/\.opml$/i.test(path)) return 'public, max-age=3600, must-revalidate';
  return 'public, max-age=300, must-revalidate';
}
