import { type Either, left, right } from 'fp-ts/Either';
import {
  type InvalidCredentials,
  invalidCredentials,
  type LoginThrottled,
  loginThrottled,
  type ServiceBusy,
  serviceBusy,
} from '../../domain/errors';
import { Password } from '../../domain/password';
import { RefreshToken } from '../../domain/refresh-token';
import { sessionEnding } from '../../domain/session-ending';
import { sessionsBeyondLimit } from '../../domain/session-limit';
import type { SessionPolicy } from '../../domain/session-policy';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { LoginSource, LoginThrottle, Reservation } from '../ports/login-throttle';
import type { PasswordHasher } from '../ports/password-hasher';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { TokenGenerator } from '../ports/token-generator';
import type { UserRepository } from '../ports/user-repository';
import { type Session, sessionFor } from '../session';

export type AuthenticateInput = Readonly<{ username: string; password: string; ip: string; userAgent?: string }>;

/**
 * Checks a username and password and starts a new session (a new token family). Each attempt
 * is counted before its password is checked, so too many recent or concurrent attempts for the
 * username or the address are refused before any password work. A hasher too busy to take the
 * attempt refuses it at once, and the attempt is not counted.
 */
export class Authenticate {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokens,
    private readonly secrets: TokenGenerator,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    private readonly throttle: LoginThrottle,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: AuthenticateInput): Promise<Either<InvalidCredentials | LoginThrottled | ServiceBusy, Session>> {
    const source: LoginSource = { username: input.username, ip: input.ip };
    const verdict = await this.unlessThrottleFails(() => this.throttle.reserve(source, this.clock.now()), null);
    if (verdict?.throttled === true) {
      this.events.loginThrottled({ ...source, retryAfterSeconds: verdict.retryAfterSeconds });
      return left(loginThrottled(verdict.retryAfterSeconds));
    }
    const reservation = verdict?.reservation ?? null; // null: the store is down, nothing to settle
    if (!Password.couldHaveBeenSet(input.password)) {
      // Longer than bcrypt reads: it matches no stored hash, so it is a wrong password, counted, unchecked.
      this.events.loginFailed({ ...source, reason: 'password-too-long' });
      return left(invalidCredentials);
    }

    const { user, verification } = await this.releasedOnThrow(reservation, async () => {
      const found = await this.users.findByUsername(input.username);
      // Unknown user or wrong password: the same answer after the same bcrypt work.
      return { user: found, verification: await this.hasher.verify(input.password, found?.passwordHash ?? null) };
    });
    if (verification.busy) {
      await this.settle(reservation, (held) => this.throttle.release(held));
      return left(serviceBusy(verification.retryAfterSeconds));
    }
    if (user === null || !verification.matches) {
      // The reservation stays: it is the failure's count.
      this.events.loginFailed({ ...source, reason: user === null ? 'unknown-user' : 'wrong-password' });
      return left(invalidCredentials);
    }
    await this.settle(reservation, (held) => this.throttle.succeeded(held));

    const secret = this.secrets.random();
    const token = RefreshToken.startSession({
      id: this.ids.nextId(),
      userId: user.id,
      tokenHash: secret.hash,
      now: this.clock.now(),
      ip: input.ip,
      ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
      policy: this.policy,
    });
    await this.tokens.add(token);
    await this.keepSessionsWithinLimit(user.id, input.ip);
    this.events.loginSucceeded({ userId: user.id, familyId: token.familyId, ip: input.ip });
    return right(await sessionFor(this.accessTokens, user, token, secret.value));
  }

  /** A login beyond the user's limit of sessions ends the oldest and forgets their tokens. */
  private async keepSessionsWithinLimit(userId: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const { toEnd, toForget } = sessionsBeyondLimit(await this.tokens.allOfUser(userId), this.policy.maxSessionsPerUser, now);
    for (const sessionId of toEnd) {
      await this.tokens.endSession(sessionEnding({ sessionId, userId, at: now, byIp: ip, reason: 'session-limit' }, this.policy));
    }
    if (toForget.length > 0) await this.tokens.deleteSessions(toForget);
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

  /** Fails open: an unreachable throttle store must not lock everyone out, so it is reported and skipped. */
  private async unlessThrottleFails<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.events.throttleUnavailable({ error });
      return fallback;
    }
  }
}
