import { type Either, isLeft, left, right } from 'fp-ts/Either';
import { type InvalidToken, invalidToken } from '../../domain/errors';
import type { RefreshToken } from '../../domain/refresh-token';
import { sessionEnding } from '../../domain/session-ending';
import type { SessionPolicy } from '../../domain/session-policy';
import type { User } from '../../domain/user';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
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
 * A rotation is: claim the one successor (its hash is derived from the secret, so every try
 * derives the same), check that the session has not ended, then commit (mark the predecessor
 * rotated). The commit is the one point after which the old token is spent, and nothing is
 * answered before it: a try cut off earlier by a store failure can be repeated with the same
 * token and completes the same rotation. A session ending recorded before the check wins; one
 * recorded after it finds the successor already claimed and ends it too.
 */
export class RefreshSession {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly accessTokens: AccessTokens,
    private readonly secrets: TokenGenerator,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    private readonly events: SecurityEvents,
  ) {}

  async execute(input: RefreshInput): Promise<Either<InvalidToken, Session>> {
    const next = this.secrets.successorOf(input.token);
    // The successor too, in the same lookup: a replay needs it, and a retried rotation finds it claimed.
    const { token, successor: stored } = await this.tokens.findWithSuccessor(this.secrets.hashOf(input.token), next.hash);
    if (token === null) return this.refused(input.ip);
    // A deleted user's tokens rotate no more: checked before anything is written.
    const user = await this.users.findById(token.userId);
    if (user === null) return this.refused(input.ip);
    const now = this.clock.now();

    const presented = token.presentedAt(now);
    if (presented === 'expired') return this.refused(input.ip);
    if (presented === 'revoked') return this.reuseDetected(token, input.ip, now);
    if (!user.admits(token.familyId, token.credentialEpoch)) return this.outlivedPassword(token, input.ip, now);
    const presentation = { user, token, next, stored, input, now };
    return presented === 'rotated' ? this.replay(presentation) : this.rotate(presentation);
  }

  private async rotate(presented: Presented): Promise<Either<InvalidToken, Session>> {
    const { user, token, next, input, now } = presented;
    const rotation = token.rotate(
      {
        id: this.ids.nextId(),
        tokenHash: next.hash,
        now,
        ip: input.ip,
        ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
        ...(user.credentialEpoch === undefined ? {} : { credentialEpoch: user.credentialEpoch }),
      },
      this.policy,
    );
    if (isLeft(rotation)) return this.refused(input.ip);
    // Already stored by a concurrent refresh, or by a try that failed before its commit: the same rotation.
    let successor = presented.stored ?? rotation.right.successor;
    if (presented.stored === null && (await this.tokens.claimSuccessor(successor)) === 'taken') {
      const claimed = await this.tokens.findByHash(next.hash);
      if (claimed === null) return this.refused(input.ip);
      successor = claimed;
    }
    if (!(await this.sessionGoesOn(token))) return this.refused(input.ip);
    if ((await this.tokens.commitRotation(token.rotatedInto(successor, now, input.ip))) === 'revoked') {
      return this.refused(input.ip);
    }
    this.events.tokenRotated({ userId: token.userId, familyId: token.familyId, tokenId: successor.id, ip: input.ip });
    const below = successor.forgetsBelow(this.policy);
    if (below !== null) await this.tokens.forgetRotations(token.familyId, below);
    return right(await sessionFor(this.accessTokens, user, successor, next.value));
  }

  /** The token was rotated already: the same successor again, if the rotation is young and the successor active. */
  private async replay({ user, token, next, stored: successor, input, now }: Presented): Promise<Either<InvalidToken, Session>> {
    if (successor === null || !token.answersReplay(successor, now, this.policy)) {
      return this.reuseDetected(token, input.ip, now);
    }
    if (!(await this.sessionGoesOn(token))) return this.refused(input.ip);
    this.events.replayAnswered({ userId: token.userId, familyId: token.familyId, ip: input.ip });
    return right(await sessionFor(this.accessTokens, user, successor, next.value));
  }

  /**
   * False once the session has ended (a logout, an admin, reuse detected): then its tokens stored
   * since the ending are revoked as well, so the listing shows the session ended.
   */
  private async sessionGoesOn(token: RefreshToken): Promise<boolean> {
    const ending = await this.tokens.endingOf(token.familyId);
    if (ending === null) return true;
    await this.tokens.endSession(ending);
    return false;
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
