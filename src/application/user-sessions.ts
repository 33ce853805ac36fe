import { sessionEnding } from '../domain/session-ending';
import type { SessionPolicy } from '../domain/session-policy';
import type { RefreshTokenRepository } from './ports/refresh-token-repository';
import type { SecurityEvents } from './ports/security-events';

export type EndSessionsInput = Readonly<{
  userId: string;
  /** The session to keep, if any: the caller's own. */
  except?: string;
  at: Date;
  ip: string;
  /** Who ended them, for the audit trail (Actor.auditId). */
  by: string;
}>;

/** Ending a user's sessions at once: "sign out everywhere (else)", and after a password change. */
export class UserSessions {
  constructor(
    private readonly tokens: RefreshTokenRepository,
    private readonly policy: SessionPolicy,
    private readonly events: SecurityEvents,
  ) {}

  /**
   * Ends every session of the user that still has an unrevoked token, but `except` (reason
   * 'revoked': none refreshes again, and their access tokens are refused once RevokedSessions has
   * seen the endings), recorded as one security event. Answers the sessions this call ended; one
   * ended concurrently by another is not among them.
   */
  async endAll({ userId, except, at, ip, by }: EndSessionsInput): Promise<string[]> {
    const sessionIds = new Set((await this.tokens.unrevokedOfUser(userId)).map((token) => token.familyId));
    if (except !== undefined) sessionIds.delete(except);
    const ended: string[] = [];
    for (const sessionId of sessionIds) {
      const ending = sessionEnding({ sessionId, userId, at, byIp: ip, reason: 'revoked' }, this.policy);
      if ((await this.tokens.endSession(ending)).ended) ended.push(sessionId);
    }
    this.events.sessionsRevoked({ userId, sessions: ended.length, by, ip });
    return ended;
  }
}
