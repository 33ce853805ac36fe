import { type Either, left, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import { type Forbidden, forbidden, type InvalidToken, invalidToken } from '../../domain/errors';
import type { RefreshToken } from '../../domain/refresh-token';
import { sessionEnding } from '../../domain/session-ending';
import type { SessionPolicy } from '../../domain/session-policy';
import type { Clock } from '../ports/clock';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { TokenGenerator } from '../ports/token-generator';

/** Which token to revoke: by its secret, or by the id shown in the token listing. */
export type RevokeTarget = Readonly<{ by: 'secret'; secret: string }> | Readonly<{ by: 'id'; id: string }>;

export type RevokeTokenInput = Readonly<{
  actor: Actor;
  target: RevokeTarget;
  ip: string;
  /** The secret in the caller's own cookie, if any: tells whether the caller just logged itself out. */
  callerSecret?: string;
}>;

export type RevokeTokenOutput = Readonly<{ revokedCallerToken: boolean }>;

/**
 * Ends a session: the owner of a token, or an admin, revokes it, and with it every token of its
 * session. Any token the session would still answer counts: its current one, or one rotated
 * inside the grace window (another tab may just have rotated the cookie being logged out).
 */
export class RevokeToken {
  constructor(
    private readonly tokens: RefreshTokenRepository,
    private readonly secrets: TokenGenerator,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: RevokeTokenInput): Promise<Either<InvalidToken | Forbidden, RevokeTokenOutput>> {
    const token = await this.find(input.target);
    // Non-admins learn nothing about tokens that are not theirs.
    if (token === null || !input.actor.mayActOn(token.userId)) {
      return left(input.actor.mayManageUsers ? invalidToken : forbidden);
    }
    const now = this.clock.now();
    if (!(await this.wouldStillBeAnswered(token, now))) return left(invalidToken);

    const ending = sessionEnding({ sessionId: token.familyId, userId: token.userId, at: now, byIp: input.ip, reason: 'revoked' }, this.policy);
    // Someone else ended it first (a concurrent logout, reuse detected): nothing left to revoke.
    if (!(await this.tokens.endSession(ending)).ended) return left(invalidToken);
    this.events.tokenRevoked({
      userId: token.userId,
      familyId: token.familyId,
      tokenId: token.id,
      byUserId: input.actor.auditId,
      ip: input.ip,
    });
    return right({ revokedCallerToken: await this.isOfSession(input.callerSecret, token) });
  }

  /** Active, or rotated so recently that presenting it again would still get its successor. */
  private async wouldStillBeAnswered(token: RefreshToken, now: Date): Promise<boolean> {
    if (token.isActive(now)) return true;
    if (token.revokedReason !== 'rotated' || token.replacedBy === undefined) return false;
    const successor = await this.tokens.findById(token.replacedBy);
    return successor !== null && token.answersReplay(successor, now, this.policy);
  }

  /** Whether the caller's own cookie belongs to the session just ended (so it is cleared). */
  private async isOfSession(callerSecret: string | undefined, token: RefreshToken): Promise<boolean> {
    if (callerSecret === undefined) return false;
    const callerHash = this.secrets.hashOf(callerSecret);
    if (callerHash === token.tokenHash) return true;
    return (await this.tokens.findByHash(callerHash))?.familyId === token.familyId;
  }

  private find(target: RevokeTarget): Promise<RefreshToken | null> {
    return target.by === 'id'
      ? this.tokens.findById(target.id)
      : this.tokens.findByHash(this.secrets.hashOf(target.secret));
  }
}
