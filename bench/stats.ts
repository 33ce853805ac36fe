/** Nearest-rank percentile of unsorted samples (milliseconds); NaN without samples. */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
};

export type Latency = Readonly<{ p50Ms: number; p99Ms: number }>;

/** What one measured run of a scenario yields, however its load was generated. */
export type Measured = Readonly<{
  /** Successful answers. */
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Failed answers plus connection errors (timeouts included). */
  errors: number;
  durationS: number;
}>;

export const latencyOf = (samples: number[]): Latency => {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  return { p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
