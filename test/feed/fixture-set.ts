import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedEntry, FeedSettings, PublishedFile } from '../../lambdas/core/types.js';
import type { FacetKind } from '../../lambdas/feed/feed-model.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/feed');

export function loadEntries(): FeedEntry[] {
  return JSON.parse(readFileSync(join(fixtures, 'entries.json'), 'utf8')) as FeedEntry[];
}

const labels = JSON.parse(readFileSync(join(fixtures, 'labels.json'), 'utf8')) as Record<FacetKind, Record<string, string>>;

export function label(kind: FacetKind, id: string): string {
  return labels[kind][id] ?? id;
}

export const settings: FeedSettings = {
  title: 'Russia–Japan: regions and prefectures',
  description: 'News about ties between Russian regions and Japanese prefectures.',
  baseUrl: 'https://feeds.example.org/rujp/',
  homeUrl: 'https://example.org/rujp-feed',
  language: 'ru',
  maxEntries: 50,
  ttlMinutes: 30,
};

export const NOW = new Date('2024-03-01T12:00:00Z');

export async function writeFiles(dir: string, files: readonly PublishedFile[]): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.body);
  }
}
