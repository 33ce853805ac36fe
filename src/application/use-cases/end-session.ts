import { type Either, left, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import { type Forbidden, forbidden, type SessionNotFound, sessionNotFound } from '../../domain/errors';
import { liveSessionsOf } from '../../domain/live-session';
import { sessionEnding } from '../../domain/session-ending';
import type { SessionPolicy } from '../../domain/session-policy';
import type { Clock } from '../ports/clock';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';

export type EndSessionInput = Readonly<{ actor: Actor; userId: string; sessionId: string; ip: string }>;

/**
 * Signs one device out: ends a live session of the user (reason 'revoked'), as a logout would.
 * An unknown id, an ended session and another user's session get the same answer, so session
 * ids cannot be probed.
 */
export class EndSession {
  constructor(
    private readonly tokens: RefreshTokenRepository,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: EndSessionInput): Promise<Either<Forbidden | SessionNotFound, void>> {
    // Decided before any lookup: a caller who may not act on the account learns nothing of its sessions.
    if (!input.actor.mayActOn(input.userId)) return left(forbidden);
    const now = this.clock.now();
    const live = liveSessionsOf(await this.tokens.unrevokedOfUser(input.userId), now);
    if (!live.some((session) => session.id === input.sessionId)) return left(sessionNotFound);
    const ending = sessionEnding({ sessionId: input.sessionId, userId: input.userId, at: now, byIp: input.ip, reason: 'revoked' }, this.policy);
    // Ended meanwhile by someone else (a logout, reuse detected): as if it had not been found.
    if (!(await this.tokens.endSession(ending)).ended) return left(sessionNotFound);
    this.events.sessionEnded({ userId: input.userId, familyId: input.sessionId, by: input.actor.auditId, ip: input.ip });
    return right(undefined);
  }
}
