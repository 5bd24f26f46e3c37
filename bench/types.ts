/** One figure of `npm run bench`, printed beside the anchor measured in the same run. */
export interface BenchRow {
  /** Group the row belongs to ('extract', 'classify', 'bundles', 'poll', 'feeds', 'demo'). */
  suite: string;
  /** What is measured ('F1 on aeb-dev', 'pages/s'). */
  name: string;
  value: number;
  unit: string;
  /** Fastest and slowest round of a figure that is a median of rounds. */
  spread?: { min: number; max: number };
  /** The peer measured in the same run ('Readability.js', 'node -e 0', 'naive baseline'). */
  anchor?: { name: string; value: number };
  /** The project's goal for this figure, as text ('>= 0.96', '>= 10x anchor'). */
  goal?: string;
  /** Whether the goal holds in this run (undefined when there is no goal). */
  met?: boolean;
  /** Points behind the figure (a precision–recall curve), kept in the JSON results, not printed. */
  detail?: unknown;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}
