import type { FeedTarget } from '../core/ports.js';
import type { PublishedFile } from '../core/types.js';

/** Publishes to several targets in turn (locally: the feed bucket, then the out folder); answers with the first one's result. */
export class TeeFeedTarget implements FeedTarget {
  constructor(private readonly targets: readonly FeedTarget[]) {}

  async publish(files: readonly PublishedFile[]): Promise<{ written: string[]; unchanged: string[] }> {
    let first: { written: string[]; unchanged: string[] } | undefined;
    for (const target of this.targets) {
      const result = await target.publish(files);
      first ??= result;
    }
    return first ?? { written: [], unchanged: files.map((file) => file.path) };
  }
}
