/** One measured number of `npm run bench` (see bench/run.ts). */
export interface Metric {
  name: string;
  value: number;
  target: number | null;
  unit: string;
  better: 'higher' | 'lower';
  /** Optional context: corpus size, comparison, caveat. */
  note?: string;
}

export interface BenchOptions {
  quick: boolean;
}

/** Every bench module (bench/*.bench.ts) exports `run`. */
export type BenchModule = { run(opts: BenchOptions): Promise<Metric[]> };
