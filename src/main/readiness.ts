import type { Clock } from '../application/ports/clock';
import type { Readiness } from '../adapters/http/routes/probe-routes';

/** How long one answer serves every probe: a probe storm costs the store one ping per period. */
export const READINESS_CACHE_SECONDS = 2;
/** A dependency that has not answered by then counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

export type ReadinessChecks = Readonly<{
  /** Users and tokens: every request but the probes needs it, so it decides readiness. */
  store: () => Promise<boolean>;
  /** The login throttle's Redis, when configured: reported only, since throttling fails open without it. */
  redis?: () => Promise<boolean>;
}>;

const answered = async (check: () => Promise<boolean>): Promise<'up' | 'down'> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return (await Promise.race([check().catch(() => false), timeout])) ? 'up' : 'down';
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Readiness as /ready reports it, checked at most once per READINESS_CACHE_SECONDS on the clock;
 * probes that arrive while a check runs share it.
 */
export const cachedReadiness = (checks: ReadinessChecks, clock: Clock): (() => Promise<Readiness>) => {
  let last: Readonly<{ at: number; readiness: Readiness }> | undefined;
  let running: Promise<Readiness> | undefined;
  const check = async (): Promise<Readiness> => {
    const [store, redis] = await Promise.all([answered(checks.store), checks.redis && answered(checks.redis)]);
    const readiness: Readiness = { ready: store === 'up', checks: { store, ...(redis && { redis }) } };
    last = { at: clock.now().getTime(), readiness };
    return readiness;
  };
  return () => {
    if (last !== undefined && clock.now().getTime() < last.at + READINESS_CACHE_SECONDS * 1000) return Promise.resolve(last.readiness);
    running ??= check().finally(() => {
      running = undefined;
    });
    return running;
  };
};
