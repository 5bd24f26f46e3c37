import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { FeedTarget } from '../core/ports.js';
import type { PublishedFile } from '../core/types.js';

/** Writes published files into a folder, leaving files with the same bytes untouched. */
export class DirFeedTarget implements FeedTarget {
  constructor(private readonly dir: string) {}

  async publish(files: readonly PublishedFile[]): Promise<{ written: string[]; unchanged: string[] }> {
    const written: string[] = [];
    const unchanged: string[] = [];
    const root = path.resolve(this.dir);
    for (const file of files) {
      const target = path.resolve(root, file.path);
      if (!target.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${root}: ${file.path}`);
      let current: string | null = null;
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        current = null;
      }
      if (current === file.body) {
        unchanged.push(file.path);
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      // Write then rename, so a reader never sees half a feed.
      const temporary = `${target}.tmp-${process.pid}`;
      writeFileSync(temporary, file.body);
      renameSync(temporary, target);
      written.push(file.path);
    }
    return { written, unchanged };
  }
}
