import type {
  LoginSource,
  LoginThrottle,
  LoginThrottlePolicy,
  ThrottleVerdict,
} from '../../application/ports/login-throttle';
import { ipKey, usernameKey, verdictOf, waitMs } from './throttle-window';

/** Keys (usernames plus addresses) kept at most; past it the least recently failed go first. */
export const DEFAULT_MAX_KEYS = 100_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * Failure counts in this process only: the default, right for a single instance. Memory is
 * bounded: each key keeps at most its limit of failure times, keys whose failures have all
 * left the window are swept, and past `maxKeys` the least recently failed keys are dropped.
 */
export class InMemoryLoginThrottle implements LoginThrottle {
  /** Failure times in ms, oldest first. Map order is least recently failed first. */
  private readonly failures = new Map<string, number[]>();
  private nextSweepAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly policy: LoginThrottlePolicy,
    private readonly maxKeys: number = DEFAULT_MAX_KEYS,
  ) {}

  async check(source: LoginSource, now: Date): Promise<ThrottleVerdict> {
    const nowMs = now.getTime();
    return verdictOf(
      this.waitFor(usernameKey(source.username), this.policy.maxFailuresPerUsername, nowMs),
      this.waitFor(ipKey(source.ip), this.policy.maxFailuresPerIp, nowMs),
    );
  }

  async recordFailure(source: LoginSource, now: Date): Promise<void> {
    const nowMs = now.getTime();
    this.sweep(nowMs);
    this.add(usernameKey(source.username), this.policy.maxFailuresPerUsername, nowMs);
    this.add(ipKey(source.ip), this.policy.maxFailuresPerIp, nowMs);
  }

  async clearUsername(username: string): Promise<void> {
    this.failures.delete(usernameKey(username));
  }

  /** How many keys are held: for tests of the memory bound. */
  get size(): number {
    return this.failures.size;
  }

  private get windowMs(): number {
    return this.policy.windowSeconds * 1000;
  }

  private waitFor(key: string, max: number, nowMs: number): number {
    const inWindow = (this.failures.get(key) ?? []).filter((at) => at > nowMs - this.windowMs);
    return waitMs({ count: inWindow.length, oldest: inWindow[0] }, max, this.windowMs, nowMs);
  }

  private add(key: string, max: number, nowMs: number): void {
    const times = [...(this.failures.get(key) ?? []), nowMs].sort((a, b) => a - b).slice(-max);
    this.failures.delete(key); // re-inserted last: the most recently failed
    this.failures.set(key, times);
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(oldest);
    }
  }

  /** Drops keys with no failure left in the window, at most once a minute (or once a window, if shorter). */
  private sweep(nowMs: number): void {
    if (nowMs < this.nextSweepAt) return;
    this.nextSweepAt = nowMs + Math.min(SWEEP_EVERY_MS, this.windowMs);
    for (const [key, times] of this.failures) {
      const newest = times[times.length - 1];
      if (newest === undefined || newest <= nowMs - this.windowMs) this.failures.delete(key);
    }
  }
}
