import { type Either, isLeft, left, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import {
  type Forbidden,
  forbidden,
  type InvalidPassword,
  invalidPassword,
  type LoginThrottled,
  type ServiceBusy,
  type UserNotFound,
  userNotFound,
  type WrongCurrentPassword,
  wrongCurrentPassword,
} from '../../domain/errors';
import { Password } from '../../domain/password';
import type { SessionPolicy } from '../../domain/session-policy';
import type { User } from '../../domain/user';
import { NEVER_SET, PasswordAttempts } from '../password-attempts';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { LoginThrottle } from '../ports/login-throttle';
import type { PasswordHasher } from '../ports/password-hasher';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';
import { storeNewPassword } from '../store-password';
import { UserSessions } from '../user-sessions';

export type ChangePasswordInput = Readonly<{
  /** The user themself (who must give the current password), or an admin setting another user's. */
  actor: Actor;
  userId: string;
  currentPassword?: string;
  newPassword: string;
  ip: string;
  /** The session of the request: kept, every other session of the user ends. */
  callerSessionId: string;
}>;

export type ChangePasswordOutput = Readonly<{ user: User; revokedSessions: number }>;

export type ChangePasswordError = Forbidden | UserNotFound | InvalidPassword | WrongCurrentPassword | LoginThrottled | ServiceBusy;

/**
 * A password change over the API. The user themself proves the current password, checked and
 * counted exactly like a login (so this is no faster way to guess one); an admin may set another
 * user's without it. On success every other session of the user ends: all of them when an admin
 * set it, the caller's own stays when the user did.
 */
export class ChangePassword {
  private readonly attempts: PasswordAttempts;
  private readonly sessions: UserSessions;

  constructor(
    private readonly users: UserRepository,
    tokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    policy: SessionPolicy,
    throttle: LoginThrottle,
    private readonly events: SecurityEvents,
  ) {
    this.attempts = new PasswordAttempts(throttle, clock, events);
    this.sessions = new UserSessions(tokens, policy, events);
  }

  async execute(input: ChangePasswordInput): Promise<Either<ChangePasswordError, ChangePasswordOutput>> {
    const { actor } = input;
    // Decided before the lookup: who may not learns nothing about the account.
    if (!actor.mayActOn(input.userId)) return left(forbidden);
    const password = Password.parse(input.newPassword);
    if (isLeft(password)) return password;
    const user = await this.users.findById(input.userId);
    if (user === null) return left(userNotFound);

    const own = actor.user?.id === user.id;
    if (own) {
      const proven = await this.currentPasswordOf(user, input);
      if (isLeft(proven)) return proven;
    }
    const { callerSessionId, ip } = input;
    // A new epoch refuses even a session this change cannot see yet (a login racing it).
    const epoch = { id: this.ids.nextId(), ...(own ? { keeps: callerSessionId } : {}) };
    const store = { users: this.users, hasher: this.hasher, events: this.events };
    const changed = await storeNewPassword(store, user, password.right, actor, epoch);
    if (isLeft(changed)) return changed;

    const except = own ? callerSessionId : undefined;
    const ended = await this.sessions.endAll({ userId: user.id, except, at: this.clock.now(), ip, by: actor.auditId });
    return right({ user: changed.right, revokedSessions: ended.length });
  }

  /** The user's own change: the current password, counted against the username and address like a login. */
  private async currentPasswordOf(
    user: User,
    input: ChangePasswordInput,
  ): Promise<Either<InvalidPassword | WrongCurrentPassword | LoginThrottled | ServiceBusy, void>> {
    const current = input.currentPassword;
    if (current === undefined) return left(invalidPassword(['currentPassword is required']));
    const source = { username: user.username, ip: input.ip };
    const attempt = await this.attempts.check(source, async () => ({
      found: null,
      // bcrypt reads 72 bytes: a longer one would pass on its first 72 alone.
      verification: Password.couldHaveBeenSet(current) ? await this.hasher.verify(current, user.passwordHash) : NEVER_SET,
    }));
    if (isLeft(attempt)) return attempt;
    if (!attempt.right.matches) {
      this.events.loginFailed({ ...source, reason: 'wrong-password' });
      return left(wrongCurrentPassword);
    }
    return right(undefined);
  }
}
