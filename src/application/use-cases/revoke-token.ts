import { type Either, left, right } from 'fp-ts/Either';
import { type Forbidden, forbidden, type InvalidToken, invalidToken } from '../../domain/errors';
import type { RefreshToken } from '../../domain/refresh-token';
import type { Actor } from '../../domain/actor';
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

/** Ends a session: the owner of a token, or an admin, revokes it. */
export class RevokeToken {
  constructor(
    private readonly tokens: RefreshTokenRepository,
    private readonly secrets: TokenGenerator,
    private readonly clock: Clock,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: RevokeTokenInput): Promise<Either<InvalidToken | Forbidden, RevokeTokenOutput>> {
    const token = await this.find(input.target);
    // Non-admins learn nothing about tokens that are not theirs.
    if (token === null || !input.actor.mayActOn(token.userId)) {
      return left(input.actor.mayManageUsers ? invalidToken : forbidden);
    }
    const now = this.clock.now();
    if (!token.isActive(now)) return left(invalidToken);

    // The whole family, not the one token: a refresh racing this logout may just have stored a
    // successor, and the session must end with it (the rotation claim yields to revocation).
    await this.tokens.revokeFamily(token.familyId, now, input.ip, 'revoked');
    this.events.tokenRevoked({
      userId: token.userId,
      familyId: token.familyId,
      tokenId: token.id,
      byUserId: input.actor.auditId,
      ip: input.ip,
    });
    const callerHash = input.callerSecret === undefined ? null : this.secrets.hashOf(input.callerSecret);
    return right({ revokedCallerToken: callerHash === token.tokenHash });
  }

  private find(target: RevokeTarget): Promise<RefreshToken | null> {
    return target.by === 'id'
      ? this.tokens.findById(target.id)
      : this.tokens.findByHash(this.secrets.hashOf(target.secret));
  }
}
