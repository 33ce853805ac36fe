import { type Either, isLeft, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import type { Forbidden, UserNotFound } from '../../domain/errors';
import type { SessionPolicy } from '../../domain/session-policy';
import { mayActOnAccount } from '../account-access';
import type { Clock } from '../ports/clock';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { UserRepository } from '../ports/user-repository';
import { UserSessions } from '../user-sessions';

export type RevokeOtherSessionsInput = Readonly<{
  actor: Actor;
  userId: string;
  /** Kept: the session of the access token making the request (an admin's is not among the user's). */
  callerSessionId: string;
  ip: string;
}>;

export type RevokeOtherSessionsOutput = Readonly<{ revokedSessions: number }>;

/** "Sign out everywhere else": ends every session of the user but the caller's own. */
export class RevokeOtherSessions {
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

  async execute(input: RevokeOtherSessionsInput): Promise<Either<Forbidden | UserNotFound, RevokeOtherSessionsOutput>> {
    const access = await mayActOnAccount(input.actor, input.userId, this.users);
    if (isLeft(access)) return access;
    const { userId, callerSessionId, ip, actor } = input;
    const ended = await this.sessions.endAll({ userId, except: callerSessionId, at: this.clock.now(), ip, by: actor.auditId });
    return right({ revokedSessions: ended.length });
  }
}
