import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The base URL a published folder was rendered for, read from the main RSS feed's
 * `atom:link rel="self"` (`http://127.0.0.1:8787/feed.xml` → `http://127.0.0.1:8787/`),
 * or null when the folder holds no readable feed.xml.
 */
export function publishedBaseUrl(dir: string): string | null {
  let rss: string;
  try {
    // The self link is in the channel head, before any item.
    rss = readFileSync(path.join(dir, 'feed.xml'), 'utf8').slice(0, 16_384);
  } catch {
    return null;
  }
  for (const [tag] of rss.matchAll(/<atom:link\b[^>]*>/g)) {
    if (!/\brel="self"/.test(tag)) continue;
    const href = /\bhref="([^"]*)"/.exec(tag)?.[1];
    if (!href) return null;
    const url = href.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
    return url.endsWith('/feed.xml') ? url.slice(0, -'feed.xml'.length) : null;
  }
  return null;
}

/**
 * True for an http URL on this machine (127.0.0.0/8, localhost, [::1]): what a local run
 * writes into its feeds, and so what `rujp serve` may rewrite to the port it serves on.
 * A folder rendered for a public host is served as it is.
 */
export function isLocalBaseUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' && (/^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === 'localhost' || hostname === '[::1]');
  } catch {
    return false;
  }
}
