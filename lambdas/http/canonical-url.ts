/**
 * One spelling per article, so the known-item check and the item id see the same
 * story whichever feed linked it: tracking parameters and the fragment go, the host
 * is lower-cased, default ports and a trailing "?" are dropped.
 */
const TRACKING_PARAMS = [
  /^utm_/i,
  /^(fbclid|gclid|yclid|dclid|mc_cid|mc_eid|_openstat|from|ref|rss|referrer|smid|cmpid|ns_campaign|ns_mchannel)$/i,
];

export class BadUrlError extends Error {
  override name = 'BadUrlError';
}

export function canonicalUrl(input: string, base?: string): string {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    throw new BadUrlError(`not a URL: ${JSON.stringify(input.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadUrlError(`not an http(s) URL: ${url.protocol}//${url.host}`);
  }
  url.hash = '';
  url.hostname = url.hostname.toLowerCase();
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.some((re) => re.test(key))) url.searchParams.delete(key);
  }
  url.searchParams.sort();
  let out = url.toString();
  if (out.endsWith('?')) out = out.slice(0, -1);
  return out;
}
