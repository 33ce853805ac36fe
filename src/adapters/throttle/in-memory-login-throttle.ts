import { randomUUID } from 'node:crypto';
import type {
  LoginSource,
  LoginThrottle,
  LoginThrottlePolicy,
  Reservation,
  ThrottleVerdict,
} from '../../application/ports/login-throttle';
import { ipKey, usernameKey, retryAfterOf, waitMs } from './throttle-window';

/** Keys (usernames plus addresses) kept at most; past it the least recently counted go first. */
export const DEFAULT_MAX_KEYS = 100_000;
const SWEEP_EVERY_MS = 60_000;

type Attempt = Readonly<{ at: number; id: string }>;

/**
 * Attempt counts in this process only: the default, right for a single instance. `reserve`
 * runs without an await between its check and its count, so concurrent attempts cannot slip
 * past the limit. Memory is bounded: a key holds at most its limit of attempts, keys whose
 * attempts have all left the window are swept, and past `maxKeys` the least recently counted
 * keys are dropped.
 */
export class InMemoryLoginThrottle implements LoginThrottle {
  /** Attempts oldest first. Map order is least recently counted first. */
  private readonly attempts = new Map<string, Attempt[]>();
  private nextSweepAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly policy: LoginThrottlePolicy,
    private readonly maxKeys: number = DEFAULT_MAX_KEYS,
  ) {}

  async reserve(source: LoginSource, now: Date): Promise<ThrottleVerdict> {
    const nowMs = now.getTime();
    this.sweep(nowMs);
    const user = usernameKey(source.username);
    const address = ipKey(source.ip);
    const retryAfterSeconds = retryAfterOf(
      this.waitFor(user, this.policy.maxFailuresPerUsername, nowMs),
      this.waitFor(address, this.policy.maxFailuresPerIp, nowMs),
    );
    if (retryAfterSeconds !== null) return { throttled: true, retryAfterSeconds };
    const attempt: Attempt = { at: nowMs, id: randomUUID() };
    this.add(user, attempt);
    this.add(address, attempt);
    return { throttled: false, reservation: { source, id: attempt.id } };
  }

  async succeeded(reservation: Reservation): Promise<void> {
    this.attempts.delete(usernameKey(reservation.source.username));
    this.remove(ipKey(reservation.source.ip), reservation.id);
  }

  async release(reservation: Reservation): Promise<void> {
    this.remove(usernameKey(reservation.source.username), reservation.id);
    this.remove(ipKey(reservation.source.ip), reservation.id);
  }

  /** How many keys are held: for tests of the memory bound. */
  get size(): number {
    return this.attempts.size;
  }

  private get windowMs(): number {
    return this.policy.windowSeconds * 1000;
  }

  /** Forgets the key's attempts that have left the window, and answers how long until one more may pass. */
  private waitFor(key: string, max: number, nowMs: number): number {
    const held = this.attempts.get(key);
    if (held === undefined) return 0;
    const inWindow = held.filter((attempt) => attempt.at > nowMs - this.windowMs);
    if (inWindow.length < held.length) this.attempts.set(key, inWindow);
    return waitMs({ count: inWindow.length, oldest: inWindow[0]?.at }, max, this.windowMs, nowMs);
  }

  /** Only ever called below the key's limit, so a key never holds more than its limit. */
  private add(key: string, attempt: Attempt): void {
    const held = [...(this.attempts.get(key) ?? []), attempt].sort((a, b) => a.at - b.at);
    this.attempts.delete(key); // re-inserted last: the most recently counted
    this.attempts.set(key, held);
    for (const oldest of this.attempts.keys()) {
      if (this.attempts.size <= this.maxKeys) break;
      this.attempts.delete(oldest);
    }
  }

  private remove(key: string, id: string): void {
    const held = this.attempts.get(key);
    if (held === undefined) return;
    const kept = held.filter((attempt) => attempt.id !== id);
    if (kept.length === 0) this.attempts.delete(key);
    else this.attempts.set(key, kept);
  }

  /** Drops keys with no attempt left in the window, at most once a minute (or once a window, if shorter). */
  private sweep(nowMs: number): void {
    if (nowMs < this.nextSweepAt) return;
    this.nextSweepAt = nowMs + Math.min(SWEEP_EVERY_MS, this.windowMs);
    for (const [key, held] of this.attempts) {
      const newest = held[held.length - 1];
      if (newest === undefined || newest.at <= nowMs - this.windowMs) this.attempts.delete(key);
    }
  }
}
