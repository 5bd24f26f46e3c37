/**
 * Renders the whole feed set (renderFeedSet: every RSS/Atom/JSON feed, OPML, page) for N
 * entries made from fixtures/feed/entries.json, in a process of its own so its peak memory is
 * its own; prints one JSON line: {"entries","ms","maxRssMiB","files","bytes"}.
 *   node --import tsx bench/lib/feed-render-worker.ts all|stringify N
 * `stringify` is the anchor: one JSON.stringify of the same entries, the least any renderer does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { labelOf } from '../../lambdas/classify/labels.js';
import type { FeedEntry } from '../../lambdas/core/types.js';
import { readEnv, feedSettingsFrom } from '../../lambdas/runtime/config.js';
import { renderFeedSet } from '../../lambdas/feed/render-feed-set.js';
import { REPO_ROOT } from './node-process.js';

const mode = process.argv[2];
const count = Number(process.argv[3]);
if ((mode !== 'all' && mode !== 'stringify') || !Number.isInteger(count) || count <= 0) {
  console.log(JSON.stringify({ error: `usage: feed-render-worker.ts all|stringify N (got ${process.argv.slice(2).join(' ')})` }));
  process.exit(2);
}

const base = JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures', 'feed', 'entries.json'), 'utf8')) as FeedEntry[];
const HOUR = 3600_000;
const latest = Math.max(...base.map((entry) => Date.parse(entry.publishedAt)));

/** Copy k of the fixture entries: its own id and URL, an hour older per copy, so no two collide. */
function copyOf(entry: FeedEntry, k: number): FeedEntry {
  const at = new Date(Date.parse(entry.publishedAt) - k * HOUR).toISOString();
  return {
    ...entry,
    id: `${entry.id}-${k}`,
    clusterId: `${entry.clusterId ?? entry.id}-${k}`,
    url: `${entry.url}${entry.url.includes('?') ? '&' : '?'}copy=${k}`,
    publishedAt: at,
    alsoIn: entry.alsoIn.map((also) => ({ ...also, url: `${also.url}#copy-${k}` })),
  };
}

const entries: FeedEntry[] = [];
for (let k = 0; entries.length < count; k++) for (const entry of base) if (entries.length < count) entries.push(copyOf(entry, k));

// The deployed publisher's settings, from the same configuration code and its defaults.
const settings = feedSettingsFrom(readEnv({ AWS_REGION: 'eu-central-1', FEED_BASE_URL: 'https://feeds.example.org/rujp/' }));
const now = new Date(latest);
const started = process.hrtime.bigint();
let files = 0;
let bytes = 0;
if (mode === 'all') {
  const rendered = renderFeedSet(entries, settings, { label: (kind, id) => labelOf(kind, id, 'en'), now });
  files = rendered.length;
  for (const file of rendered) bytes += Buffer.byteLength(file.body);
} else {
  files = 1;
  bytes = Buffer.byteLength(JSON.stringify(entries));
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ entries: entries.length, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, files, bytes }));
