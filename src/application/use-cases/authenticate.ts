import { type Either, left, right } from 'fp-ts/Either';
import { type InvalidCredentials, invalidCredentials, type LoginThrottled, loginThrottled } from '../../domain/errors';
import { RefreshToken } from '../../domain/refresh-token';
import type { SessionPolicy } from '../../domain/session-policy';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { LoginSource, LoginThrottle, ThrottleVerdict } from '../ports/login-throttle';
import type { PasswordHasher } from '../ports/password-hasher';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { TokenGenerator } from '../ports/token-generator';
import type { UserRepository } from '../ports/user-repository';
import { type Session, sessionFor } from '../session';

export type AuthenticateInput = Readonly<{ username: string; password: string; ip: string; userAgent?: string }>;

const UNTHROTTLED: ThrottleVerdict = { throttled: false };

/**
 * Checks a username and password and starts a new session (a new token family). Too many
 * recent failures for the username or the address: refused before any password work.
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

  async execute(input: AuthenticateInput): Promise<Either<InvalidCredentials | LoginThrottled, Session>> {
    const source: LoginSource = { username: input.username, ip: input.ip };
    const verdict = await this.unlessThrottleFails(() => this.throttle.check(source, this.clock.now()), UNTHROTTLED);
    if (verdict.throttled) {
      this.events.loginThrottled({ ...source, retryAfterSeconds: verdict.retryAfterSeconds });
      return left(loginThrottled(verdict.retryAfterSeconds));
    }

    const user = await this.users.findByUsername(input.username);
    // Unknown user or wrong password: the same answer after the same bcrypt work.
    const matches = await this.hasher.verify(input.password, user?.passwordHash ?? null);
    if (user === null || !matches) {
      await this.unlessThrottleFails(() => this.throttle.recordFailure(source, this.clock.now()), undefined);
      this.events.loginFailed({ ...source, reason: user === null ? 'unknown-user' : 'wrong-password' });
      return left(invalidCredentials);
    }
    await this.unlessThrottleFails(() => this.throttle.clearUsername(input.username), undefined);

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
    this.events.loginSucceeded({ userId: user.id, familyId: token.familyId, ip: input.ip });
    return right(await sessionFor(this.accessTokens, user, token, secret.value));
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
