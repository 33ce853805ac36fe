import { type Either, left, right } from 'fp-ts/Either';
import { type Forbidden, forbidden, type UserNotFound, userNotFound } from '../../domain/errors';
import type { Actor } from '../../domain/actor';
import type { SessionPolicy } from '../../domain/session-policy';
import type { User } from '../../domain/user';
import type { Clock } from '../ports/clock';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';
import { UserSessions } from '../user-sessions';

export type RevokeSessionsInput = Readonly<{
  /** An admin, the user themself ("log out everywhere"), or the operator at the command line. */
  actor: Actor;
  username: string;
  /** Recorded as revokedByIp on every token revoked. */
  ip: string;
}>;

export type RevokeSessionsOutput = Readonly<{
  user: User;
  /** The sessions (token families) that had a token still unrevoked; empty when there was none. */
  families: readonly string[];
}>;

/**
 * Ends every session of a user at once: each session with a still-unrevoked token gets its
 * ending recorded (reason 'revoked'), so none can refresh again, and their access tokens are
 * refused once RevokedSessions has seen it.
 */
export class RevokeSessions {
  private readonly sessions: UserSessions;

  constructor(
    private readonly users: UserRepository,
    tokens: RefreshTokenRepository,
    private readonly clock: Clock,
    policy: SessionPolicy,
    events: SecurityEvents,
  ) {
    this.sessions = new UserSessions(tokens, policy, events);
  }

  async execute(input: RevokeSessionsInput): Promise<Either<Forbidden | UserNotFound, RevokeSessionsOutput>> {
    const { actor } = input;
    // Decided before the lookup: a non-admin learns nothing about other usernames.
    if (!actor.mayActOnUsername(input.username)) return left(forbidden);
    const user = await this.users.findByUsername(input.username);
    if (user === null) return left(userNotFound);
    const families = await this.sessions.endAll({ userId: user.id, at: this.clock.now(), ip: input.ip, by: actor.auditId });
    return right({ user, families });
  }
}
