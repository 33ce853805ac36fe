import { type Either, left, right } from 'fp-ts/Either';
import { type LoginThrottled, loginThrottled, type ServiceBusy, serviceBusy } from '../domain/errors';
import type { Clock } from './ports/clock';
import type { LoginSource, LoginThrottle, Reservation } from './ports/login-throttle';
import type { Verification } from './ports/password-hasher';
import type { SecurityEvents } from './ports/security-events';

/**
 * The verdict on a password longer than bcrypt reads: it matches no hash we stored (it could never
 * have been set: Password.couldHaveBeenSet), so it is a wrong password, counted, and never hashed.
 */
export const NEVER_SET: Verification = { busy: false, matches: false };

/** A checked password, and what the check looked up on the way (the user, for a login). */
export type Attempt<T> = Readonly<{ matches: boolean; found: T }>;

/**
 * A password check counted as a login attempt, wherever a password is checked (login, password
 * change), so no route guesses passwords faster than login. Each attempt is counted before its
 * password is checked (reserve), then settled: a match forgets the username's failures, a hasher
 * too busy to check releases the attempt, a mismatch stays counted. A throttle store that fails
 * is reported and skipped (fail open: docs/adr/0005).
 */
export class PasswordAttempts {
  constructor(
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly events: SecurityEvents,
  ) {}

  async check<T>(
    source: LoginSource,
    verify: () => Promise<Readonly<{ found: T; verification: Verification }>>,
  ): Promise<Either<LoginThrottled | ServiceBusy, Attempt<T>>> {
    const verdict = await this.unlessThrottleFails(() => this.throttle.reserve(source, this.clock.now()), null);
    if (verdict?.throttled === true) {
      this.events.loginThrottled({ ...source, retryAfterSeconds: verdict.retryAfterSeconds });
      return left(loginThrottled(verdict.retryAfterSeconds));
    }
    const reservation = verdict?.reservation ?? null; // null: the store is down, nothing to settle

    const { found, verification } = await this.releasedOnThrow(reservation, verify);
    if (verification.busy) {
      await this.settle(reservation, (held) => this.throttle.release(held));
      return left(serviceBusy(verification.retryAfterSeconds));
    }
    // A mismatch keeps its reservation: it is the failure's count.
    if (verification.matches) await this.settle(reservation, (held) => this.throttle.succeeded(held));
    return right({ matches: verification.matches, found });
  }

  /** A store or the hasher failed before the password was judged: the attempt is not counted. */
  private async releasedOnThrow<T>(reservation: Reservation | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await this.settle(reservation, (held) => this.throttle.release(held));
      throw error;
    }
  }

  private async settle(reservation: Reservation | null, work: (held: Reservation) => Promise<void>): Promise<void> {
    if (reservation !== null) await this.unlessThrottleFails(() => work(reservation), undefined);
  }

  private async unlessThrottleFails<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.events.throttleUnavailable({ error });
      return fallback;
    }
  }
}
