import { type Either, isLeft, left, right } from 'fp-ts/Either';
import { type InvalidCredentials, invalidCredentials, type LoginThrottled, type ServiceBusy } from '../../domain/errors';
import { Password } from '../../domain/password';
import { RefreshToken } from '../../domain/refresh-token';
import { sessionEnding } from '../../domain/session-ending';
import { sessionsBeyondLimit } from '../../domain/session-limit';
import type { SessionPolicy } from '../../domain/session-policy';
import type { User } from '../../domain/user';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { Housekeeping } from '../ports/housekeeping';
import type { IdGenerator } from '../ports/id-generator';
import type { LoginSource, LoginThrottle } from '../ports/login-throttle';
import type { PasswordHasher } from '../ports/password-hasher';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { TokenGenerator } from '../ports/token-generator';
import type { UserRepository } from '../ports/user-repository';
import { NEVER_SET, PasswordAttempts } from '../password-attempts';
import { type Session, sessionFor } from '../session';

const TOO_LONG = 'too-long' as const;

export type AuthenticateInput = Readonly<{ username: string; password: string; ip: string; userAgent?: string }>;

/**
 * Checks a username and password and starts a new session (a new token family). Each attempt
 * is counted before its password is checked, so too many recent or concurrent attempts for the
 * username or the address are refused before any password work. A hasher too busy to take the
 * attempt refuses it at once, and the attempt is not counted.
 */
export class Authenticate {
  private readonly attempts: PasswordAttempts;

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokens,
    private readonly secrets: TokenGenerator,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    throttle: LoginThrottle,
    private readonly events: SecurityEvents,
    private readonly housekeeping: Housekeeping,
  ) {
    this.attempts = new PasswordAttempts(throttle, clock, events);
  }

  async execute(input: AuthenticateInput): Promise<Either<InvalidCredentials | LoginThrottled | ServiceBusy, Session>> {
    const source: LoginSource = { username: input.username, ip: input.ip };
    const attempt = await this.attempts.check<User | null | typeof TOO_LONG>(source, async () => {
      // Longer than bcrypt reads: it matches no hash we stored, so it is a wrong password, counted, unchecked.
      if (!Password.couldHaveBeenSet(input.password)) return { found: TOO_LONG, verification: NEVER_SET };
      const found = await this.users.findByUsername(input.username);
      // Unknown user or wrong password: the same answer after the same bcrypt work.
      return { found, verification: await this.hasher.verify(input.password, found?.passwordHash ?? null) };
    });
    if (isLeft(attempt)) return attempt;
    const { found: user, matches } = attempt.right;
    if (user === TOO_LONG || user === null || !matches) {
      this.events.loginFailed({ ...source, reason: user === TOO_LONG ? 'password-too-long' : user === null ? 'unknown-user' : 'wrong-password' });
      return left(invalidCredentials);
    }

    const sessionId = this.ids.nextId();
    const secret = this.secrets.startOf(sessionId);
    const token = RefreshToken.startSession({
      id: sessionId,
      userId: user.id,
      tokenHash: secret.hash,
      now: this.clock.now(),
      ip: input.ip,
      ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
      // A password change racing this login starts a new epoch: this session is refused at its first use.
      ...(user.credentialEpoch === undefined ? {} : { credentialEpoch: user.credentialEpoch }),
      policy: this.policy,
    });
    await this.tokens.add(token);
    // Storage, not the answer: the login does not wait for it, and a flood of logins of one user shares one pass.
    this.housekeeping.afterAnswer(`sessions-of:${user.id}`, () => this.keepSessionsWithinLimit(user.id, input.ip));
    this.events.loginSucceeded({ userId: user.id, familyId: token.familyId, ip: input.ip });
    return right(await sessionFor(this.accessTokens, user, token, secret.value));
  }

  /** After a login beyond the user's limit of sessions: the oldest are ended and their tokens forgotten. */
  private async keepSessionsWithinLimit(userId: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const { toEnd, toForget } = sessionsBeyondLimit(await this.tokens.allOfUser(userId), this.policy.maxSessionsPerUser, now);
    for (const sessionId of toEnd) {
      await this.tokens.endSession(sessionEnding({ sessionId, userId, at: now, byIp: ip, reason: 'session-limit' }, this.policy));
    }
    if (toForget.length > 0) await this.tokens.deleteSessions(toForget);
  }
}
