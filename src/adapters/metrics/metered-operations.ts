import { performance } from 'node:perf_hooks';
import type { PrometheusMetrics } from './prometheus-metrics';

/** The shapes the composition root plugs these into (the HTTP adapter's observer, the pool's hooks). */
export type ObservedRequest = Readonly<{ requestId: string; method: string }>;
export type RequestOutcome = Readonly<{ route: string; status: number }>;
export type HashOperation = 'hash' | 'verify';

/** Methods outside this set are one label value, so a client cannot grow the series by inventing methods. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * These run on every request: they look series up in nested maps built once per series and
 * take time as plain numbers, so a request allocates next to nothing for its metrics
 * (`npm run bench:metrics` measures the cost).
 */
const secondsSince = (startMs: number): number => (performance.now() - startMs) / 1000;

const cached = <K, V>(map: Map<K, V>, key: K, build: () => V): V => {
  let value = map.get(key);
  if (value === undefined) {
    value = build();
    map.set(key, value);
  }
  return value;
};

type RequestLabels = Readonly<{ method: string; route: string; status: string }>;

/** Times each request and counts it by method, route template and status. */
export const meteredRequests = (metrics: PrometheusMetrics) => {
  const series = new Map<string, Map<number, Map<string, RequestLabels>>>();
  const labelsOf = (method: string, status: number, route: string): RequestLabels =>
    cached(
      cached(cached(series, method, () => new Map<number, Map<string, RequestLabels>>()), status, () => new Map<string, RequestLabels>()),
      route,
      () => ({ method, route, status: String(status) }),
    );
  return {
    observe(request: ObservedRequest, handle: () => Promise<RequestOutcome>): Promise<RequestOutcome> {
      const start = performance.now();
      return handle().then((outcome) => {
        const method = KNOWN_METHODS.has(request.method) ? request.method : 'other';
        metrics.httpDuration.observe(labelsOf(method, outcome.status, outcome.route), secondsSince(start));
        return outcome;
      });
    },
  };
};

/** Times one store call, labelled by operation only (its arguments are never looked at). */
export const timedStoreCall = (metrics: PrometheusMetrics) => {
  const series = new Map<string, Readonly<{ operation: string }>>();
  return <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    const labels = cached(series, operation, () => ({ operation }));
    const start = performance.now();
    const done = (): void => metrics.storeDuration.observe(labels, secondsSince(start));
    const pending = call();
    pending.then(done, done);
    return pending;
  };
};

/** The worker pool's hooks: queue length, time waited for a thread, time spent on it. */
export const meteredHashing = (metrics: PrometheusMetrics) => ({
  queueLength: (length: number): void => metrics.hashQueueLength.set(length),
  started: (waitSeconds: number): void => metrics.hashWait.observe(waitSeconds),
  finished: (op: HashOperation, runSeconds: number): void => metrics.hashRun.observe({ op }, runSeconds),
});
