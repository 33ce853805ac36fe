import autocannon from 'autocannon';
import { latencyOf, type Measured } from './stats';

export type LoadOptions = Readonly<{
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  /** Headers of each request in turn (e.g. a new token each time), on top of `headers`. */
  nextHeaders?: () => Record<string, string>;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  overallRate?: number;
}>;

export type LoadResult = Measured;

export type RunningLoad = Readonly<{ done: Promise<LoadResult>; stop: () => void }>;

/**
 * autocannon for the fixed-duration scenarios. Latencies are taken from its per-response
 * event (sub-millisecond floats) rather than its histogram, which keeps whole milliseconds:
 * a 0.4 ms p50 would read 0 there and make every p50 ratio meaningless.
 */
export const startLoad = (options: LoadOptions): RunningLoad => {
  const latencies: number[] = [];
  let busy = 0;
  let settle: (outcome: Readonly<{ error: unknown; result?: autocannon.Result }>) => void = () => undefined;
  const finished = new Promise<Readonly<{ error: unknown; result?: autocannon.Result }>>((resolve) => (settle = resolve));
  const instance = autocannon(
    {
      url: options.url,
      method: options.method ?? 'GET',
      headers: options.headers ?? {},
      ...(options.body === undefined ? {} : { body: options.body }),
      connections: options.connections,
      duration: options.durationS,
      ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
      ...(options.nextHeaders === undefined
        ? {}
        : { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, ...options.nextHeaders?.() } }) }] }),
      timeout: 30,
    },
    (error, result) => settle({ error, result }),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    if (statusCode === 503) busy += 1;
  });
  const done = finished.then(({ error, result }): LoadResult => {
    if (error !== null && error !== undefined) throw error instanceof Error ? error : new Error(String(error));
    if (result === undefined) throw new Error('autocannon gave no result');
    const durationS = result.duration;
    return {
      requests: result['2xx'],
      rps: durationS > 0 ? result['2xx'] / durationS : 0,
      ...latencyOf(latencies),
      errors: Math.max(0, result.non2xx - busy) + result.errors, // errors counts timeouts too
      busy,
      durationS,
    };
  });
  return { done, stop: () => instance.stop() };
};

export const runLoad = (options: LoadOptions): Promise<LoadResult> => startLoad(options).done;

/**
 * A warm-up run, thrown away, then the measured run; `settle` runs in between (e.g. the API
 * draining the requests the warm-up left in flight).
 */
export const warmThenRun = async (
  options: LoadOptions,
  warmupS: number,
  settle: () => Promise<void> = async () => undefined,
): Promise<LoadResult> => {
  if (warmupS > 0) await runLoad({ ...options, durationS: warmupS });
  await settle();
  return runLoad(options);
};
