import { type Either, isLeft, left, right } from 'fp-ts/Either';
import { type InvalidToken, invalidToken } from '../../domain/errors';
import { RefreshToken } from '../../domain/refresh-token';
import { sessionEnding } from '../../domain/session-ending';
import type { SessionPolicy } from '../../domain/session-policy';
import type { User } from '../../domain/user';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { Housekeeping } from '../ports/housekeeping';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { RevokedSessions } from '../ports/revoked-sessions';
import type { SecurityEvents } from '../ports/security-events';
import type { TokenGenerator, TokenSecret } from '../ports/token-generator';
import type { UserRepository } from '../ports/user-repository';
import { type Session, sessionFor } from '../session';

export type RefreshInput = Readonly<{ token: string; ip: string; userAgent?: string }>;

/**
 * One presentation of a known token by a user who still exists: the token, its one successor's
 * secret and, when already stored, the successor itself.
 */
type Presented = Readonly<{
  user: User;
  token: RefreshToken;
  next: TokenSecret;
  stored: RefreshToken | null;
  input: RefreshInput;
  now: Date;
}>;

/**
 * Trades a refresh token for a new session: rotates an active token, answers a replay inside
 * the grace window with the same successor, and treats any other replay as theft.
 *
 * Before anything is written, one lookup tells the presented token, its successor if stored, and
 * whether the session has ended (a logout, an admin, reuse detected): an ended session refreshes
 * no more. A rotation is then one write, its commit point: the successor stored (its secret, hash
 * and id derive from the presented secret, so every try and every racing tab makes the same one)
 * and the predecessor marked rotated into it, unless the predecessor was revoked meanwhile.
 * Nothing is answered before it: a try cut off earlier by a store failure can be repeated with
 * the same token and completes the same rotation. A session ending recorded while a rotation
 * runs may let that one rotation answer, but not the next: its successor finds the ending.
 */
export class RefreshSession {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly accessTokens: AccessTokens,
    private readonly secrets: TokenGenerator,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    private readonly events: SecurityEvents,
    private readonly housekeeping: Housekeeping,
    private readonly revokedSessions: RevokedSessions,
  ) {}

  async execute(input: RefreshInput): Promise<Either<InvalidToken, Session>> {
    const next = this.secrets.successorOf(input.token);
    // The successor too, in the same lookup: a replay needs it, and a retried rotation finds it stored.
    const found = await this.tokens.findPresented(this.secrets.hashOf(input.token), next.hash, this.secrets.sessionOf(input.token));
    const { token, successor: stored, sessionEnded } = found;
    if (token === null) return this.refused(input.ip);
    // A deleted user's tokens rotate no more: checked before anything is written.
    const user = await this.users.findById(token.userId);
    if (user === null) return this.refused(input.ip);
    const now = this.clock.now();

    const presented = token.presentedAt(now);
    if (presented === 'expired') return this.refused(input.ip);
    if (presented === 'revoked') return this.reuseDetected(token, input.ip, now);
    // Ended while this token was not yet marked (a logout racing a rotation): the ending wins.
    if (sessionEnded) return this.refused(input.ip);
    // Ended by a logout whose write of the marker failed after the ending was stored (or by an
    // instance that writes no markers): refused once the revoked-sessions cache has read the ending.
    if (await this.revokedSessions.isRevoked(token.familyId)) return this.refused(input.ip);
    if (!user.admits(token.familyId, token.credentialEpoch)) return this.outlivedPassword(token, input.ip, now);
    const presentation = { user, token, next, stored, input, now };
    return presented === 'rotated' ? this.replay(presentation) : this.rotate(presentation);
  }

  private async rotate(presented: Presented): Promise<Either<InvalidToken, Session>> {
    const { user, token, next, input, now } = presented;
    const rotation = token.rotate(
      {
        id: RefreshToken.successorIdFor(next.hash),
        tokenHash: next.hash,
        now,
        ip: input.ip,
        ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
        ...(user.credentialEpoch === undefined ? {} : { credentialEpoch: user.credentialEpoch }),
      },
      this.policy,
    );
    if (isLeft(rotation)) return this.refused(input.ip);
    // Stored already by a concurrent refresh, or by a try that failed before answering: the same rotation.
    const successor = presented.stored ?? rotation.right.successor;
    if ((await this.tokens.rotate(token.rotatedInto(successor, now, input.ip), successor)) === 'revoked') {
      return this.refused(input.ip);
    }
    this.events.tokenRotated({ userId: token.userId, familyId: token.familyId, tokenId: successor.id, ip: input.ip });
    const below = successor.forgetsBelow(this.policy);
    // The tokens older than the session's history, forgotten after the answer.
    if (below !== null) this.housekeeping.afterAnswer(`rotations-of:${token.familyId}`, async () => void (await this.tokens.forgetRotations(token.familyId, below)));
    return right(await sessionFor(this.accessTokens, user, successor, next.value));
  }

  /** The token was rotated already: the same successor again, if the rotation is young and the successor active. */
  private async replay({ user, token, next, stored: successor, input, now }: Presented): Promise<Either<InvalidToken, Session>> {
    if (successor === null || !token.answersReplay(successor, now, this.policy)) {
      return this.reuseDetected(token, input.ip, now);
    }
    this.events.replayAnswered({ userId: token.userId, familyId: token.familyId, ip: input.ip });
    return right(await sessionFor(this.accessTokens, user, successor, next.value));
  }

  private refused(ip: string): Either<InvalidToken, Session> {
    this.events.refreshRefused({ ip });
    return left(invalidToken);
  }

  /**
   * A session of an epoch a password change closed: one the change could not see (a login that
   * checked the replaced password while it ran). Ended here, so the listing stops showing it.
   */
  private async outlivedPassword(token: RefreshToken, ip: string, now: Date): Promise<Either<InvalidToken, Session>> {
    await this.tokens.endSession(sessionEnding({ sessionId: token.familyId, userId: token.userId, at: now, byIp: ip, reason: 'revoked' }, this.policy));
    return this.refused(ip);
  }

  private async reuseDetected(token: RefreshToken, ip: string, now: Date): Promise<Either<InvalidToken, Session>> {
    const ending = sessionEnding({ sessionId: token.familyId, userId: token.userId, at: now, byIp: ip, reason: 'reuse-detected' }, this.policy);
    const { revokedTokens } = await this.tokens.endSession(ending);
    this.events.reuseDetected({ userId: token.userId, familyId: token.familyId, ip, revokedTokens });
    return left(invalidToken);
  }
}
