/** The p-th percentile (0–100) of `samples` by nearest rank, rounding down: what the benches
 * report as p50, p95, p99 (100 gives the maximum). NaN when there are no samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
