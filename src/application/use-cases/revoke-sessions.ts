import { type Either, left, right } from 'fp-ts/Either';
import { type Forbidden, forbidden, type UserNotFound, userNotFound } from '../../domain/errors';
import type { Actor } from '../../domain/actor';
import { sessionEnding } from '../../domain/session-ending';
import type { SessionPolicy } from '../../domain/session-policy';
import type { User } from '../../domain/user';
import type { Clock } from '../ports/clock';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';

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
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: RevokeSessionsInput): Promise<Either<Forbidden | UserNotFound, RevokeSessionsOutput>> {
    const { actor } = input;
    // Decided before the lookup: a non-admin learns nothing about other usernames.
    if (!actor.mayActOnUsername(input.username)) return left(forbidden);
    const user = await this.users.findByUsername(input.username);
    if (user === null) return left(userNotFound);
    const now = this.clock.now();
    const unrevoked = (await this.tokens.allOfUser(user.id)).filter((token) => !token.isRevoked);
    const families: string[] = [];
    for (const sessionId of new Set(unrevoked.map((token) => token.familyId))) {
      const ending = sessionEnding({ sessionId, userId: user.id, at: now, byIp: input.ip, reason: 'revoked' }, this.policy);
      if ((await this.tokens.endSession(ending)).ended) families.push(sessionId);
    }
    this.events.sessionsRevoked({ userId: user.id, sessions: families.length, by: actor.auditId, ip: input.ip });
    return right({ user, families });
  }
}
