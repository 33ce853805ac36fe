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
  /** Failed answers plus connection errors (timeouts included), busy answers aside. */
  errors: number;
  /** 503 answers: a login refused at once because the hashing queue was full (not an error: the bound at work). */
  busy?: number;
  durationS: number;
}>;

export const latencyOf = (samples: number[]): Latency => {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  return { p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A figure measured several times: its median, judged against a target, and how far the runs spread. */
export type Spread = Readonly<{ median: number; min: number; max: number; values: readonly number[] }>;

export const medianOf = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export const spreadOf = (values: readonly number[]): Spread => ({
  median: medianOf(values),
  min: values.length === 0 ? Number.NaN : Math.min(...values),
  max: values.length === 0 ? Number.NaN : Math.max(...values),
  values,
});

/** How late an event loop was, in ms, from a histogram of monitorEventLoopDelay (whose samples include its sampling period). */
export const lateness = (histogram: Readonly<{ max: number; percentile(p: number): number }>, resolutionMs: number) => ({
  p99Ms: Math.max(0, histogram.percentile(99) / 1e6 - resolutionMs),
  maxMs: Math.max(0, histogram.max / 1e6 - resolutionMs),
});
