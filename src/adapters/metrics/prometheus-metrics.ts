import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Outcomes and causes are fixed words: a label never holds a user id, username, address or token. */
export type LoginOutcome = 'succeeded' | 'failed' | 'throttled';
export type RefreshOutcome = 'rotated' | 'replay_answered' | 'reuse_detected' | 'invalid';
export type SessionEndCause = 'logout' | 'reuse_detected' | 'all_revoked' | 'ended_by_owner_or_admin';

/** The revoked-sessions cache as its gauges read it at each scrape. */
export type RevocationCacheState = Readonly<{ size: number; ageSeconds: number | undefined }>;

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const HASHING_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every instrument of the service in one registry of its own (not prom-client's global one, so
 * two graphs in one process, as in the tests, never share counts), with Node's default process
 * metrics. The adapters that feed it live next to it: security events, requests, store calls,
 * the hashing pool and the revocation cache.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template (never the raw path) and status; _count is the number of requests',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'auth_logins_total',
    help: 'Login attempts by outcome: succeeded, failed (unknown user or wrong password), throttled (refused unchecked)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly throttleUnavailable = new Counter({
    name: 'auth_login_throttle_unavailable_total',
    help: "Logins let through unthrottled because the throttle's store failed",
    registers: [this.registry],
  });

  readonly refreshes = new Counter({
    name: 'auth_refreshes_total',
    help: 'Refresh-token presentations by outcome: rotated, replay_answered (grace window), reuse_detected, invalid',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly sessionsEnded = new Counter({
    name: 'auth_sessions_ended_total',
    help: 'Sessions ended early by cause: logout (a token revoked), reuse_detected, all_revoked (every session of a user, or all others), ended_by_owner_or_admin (one session ended from the sessions list)',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });

  readonly accountChanges = new Counter({
    name: 'auth_account_changes_total',
    help: 'Users created, passwords changed, signing keys created, rotated by the operator and retired',
    labelNames: ['change'] as const,
    registers: [this.registry],
  });

  readonly storeDuration = new Histogram({
    name: 'store_operation_duration_seconds',
    help: 'Calls to the user and token stores by operation (e.g. tokens.findByHash), failed ones included',
    labelNames: ['operation'] as const,
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });

  readonly hashQueueLength = new Gauge({
    name: 'password_hashing_queue_length',
    help: 'Password hashes waiting for a free hashing thread',
    registers: [this.registry],
  });

  readonly hashWait = new Histogram({
    name: 'password_hashing_wait_seconds',
    help: 'Time a password hash waited for a free thread',
    buckets: HASHING_BUCKETS,
    registers: [this.registry],
  });

  readonly hashRun = new Histogram({
    name: 'password_hashing_run_seconds',
    help: 'Time a hashing thread spent on one password (op: hash or verify)',
    labelNames: ['op'] as const,
    buckets: HASHING_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const outcome of ['succeeded', 'failed', 'throttled'] satisfies LoginOutcome[]) this.logins.inc({ outcome }, 0);
    for (const outcome of ['rotated', 'replay_answered', 'reuse_detected', 'invalid'] satisfies RefreshOutcome[]) this.refreshes.inc({ outcome }, 0);
    for (const cause of ['logout', 'reuse_detected', 'all_revoked', 'ended_by_owner_or_admin'] satisfies SessionEndCause[]) this.sessionsEnded.inc({ cause }, 0);
  }

  /** Gauges of the revoked-sessions cache, read at each scrape. */
  watchRevocationCache(state: () => RevocationCacheState): void {
    new Gauge({
      name: 'revoked_sessions_cache_size',
      help: 'Revoked sessions this instance currently refuses access tokens of',
      registers: [this.registry],
      collect() {
        this.set(state().size);
      },
    });
    new Gauge({
      name: 'revoked_sessions_cache_age_seconds',
      help: 'Seconds since the revoked-sessions cache last polled the store (bounded by ACCESS_REVOCATION_LAG_SECONDS while requests come)',
      registers: [this.registry],
      collect() {
        const { ageSeconds } = state();
        if (ageSeconds !== undefined) this.set(ageSeconds);
      },
    });
  }

  /** The Prometheus text exposition of everything above. */
  async exposition(): Promise<Readonly<{ contentType: string; body: string }>> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
