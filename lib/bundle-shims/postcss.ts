/**
 * Stands in for postcss in the Lambda bundles (lib/bundling.ts aliases it). sanitize-html
 * requires postcss at load for one purpose, parsing `style` attributes, and our policy
 * (lambdas/feed/entry-html.ts) allows no `style` attribute, so the parser is never called;
 * required whole as CommonJS it cost every publish-feed start about 86 KiB (postcss and
 * source-map-js). Should a policy ever allow styles, sanitize-html catches this error and drops
 * the attribute: it fails closed.
 */
export function parse(): never {
  throw new Error('postcss is not bundled into the Lambdas: style attributes are not allowed by the feed policy (lib/bundle-shims/postcss.ts)');
}

export default { parse };
