import type { PrometheusMetrics } from './prometheus-metrics';

/** The shapes the composition root plugs these into (the HTTP adapter's observer, the pool's hooks). */
export type ObservedRequest = Readonly<{ requestId: string; method: string }>;
export type RequestOutcome = Readonly<{ route: string; status: number }>;
export type HashOperation = 'hash' | 'verify';

/** Methods outside this set are one label value, so a client cannot grow the series by inventing methods. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Times each request and counts it by method, route template and status. */
export const meteredRequests = (metrics: PrometheusMetrics) => ({
  async observe(request: ObservedRequest, handle: () => Promise<RequestOutcome>): Promise<RequestOutcome> {
    const end = metrics.httpDuration.startTimer();
    const outcome = await handle();
    end({ method: KNOWN_METHODS.has(request.method) ? request.method : 'other', route: outcome.route, status: String(outcome.status) });
    return outcome;
  },
});

/** Times one store call, labelled by operation only (its arguments are never looked at). */
export const timedStoreCall =
  (metrics: PrometheusMetrics) =>
  async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    const end = metrics.storeDuration.startTimer({ operation });
    try {
      return await call();
    } finally {
      end();
    }
  };

/** The worker pool's hooks: queue length, time waited for a thread, time spent on it. */
export const meteredHashing = (metrics: PrometheusMetrics) => ({
  queueLength: (length: number): void => metrics.hashQueueLength.set(length),
  started: (waitSeconds: number): void => metrics.hashWait.observe(waitSeconds),
  finished: (op: HashOperation, runSeconds: number): void => metrics.hashRun.observe({ op }, runSeconds),
});
