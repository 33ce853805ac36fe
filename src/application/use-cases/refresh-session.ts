import { type Either, isLeft, left, right } from 'fp-ts/Either';
import { type InvalidToken, invalidToken } from '../../domain/errors';
import type { RefreshToken } from '../../domain/refresh-token';
import type { SessionPolicy } from '../../domain/session-policy';
import type { User } from '../../domain/user';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { SecurityEvents } from '../ports/security-events';
import type { TokenGenerator } from '../ports/token-generator';
import type { UserRepository } from '../ports/user-repository';
import { type Session, sessionFor } from '../session';

export type RefreshInput = Readonly<{ token: string; ip: string; userAgent?: string }>;

/** One presentation of a known token by a user who still exists. */
type Presented = Readonly<{ user: User; token: RefreshToken; input: RefreshInput; now: Date }>;

/**
 * Trades a refresh token for a new session: rotates an active token, answers a replay inside
 * the grace window with the same successor, and treats any other replay as theft.
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
    const token = await this.tokens.findByHash(this.secrets.hashOf(input.token));
    if (token === null) return this.refused(input.ip);
    // A deleted user's tokens rotate no more: checked before anything is written.
    const user = await this.users.findById(token.userId);
    if (user === null) return this.refused(input.ip);
    const now = this.clock.now();

    switch (token.presentedAt(now)) {
      case 'expired':
        return this.refused(input.ip);
      case 'revoked':
        return this.reuseDetected(token, input.ip, now);
      case 'rotated':
        return this.replay({ user, token, input, now });
      case 'active':
        return this.rotate({ user, token, input, now });
    }
  }

  private async rotate(presented: Presented): Promise<Either<InvalidToken, Session>> {
    const { user, token, input, now } = presented;
    const next = this.secrets.successorOf(input.token);
    const rotation = token.rotate(
      {
        id: this.ids.nextId(),
        tokenHash: next.hash,
        now,
        ip: input.ip,
        ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
      },
      this.policy,
    );
    if (isLeft(rotation)) return this.refused(input.ip);
    const claimed = await this.tokens.rotate(rotation.right.rotated, rotation.right.successor);
    if (claimed === 'already-rotated') return this.replay(presented);
    if (claimed === 'predecessor-revoked') return this.refused(input.ip);
    const { successor } = rotation.right;
    this.events.tokenRotated({ userId: token.userId, familyId: token.familyId, tokenId: successor.id, ip: input.ip });
    return right(sessionFor(this.accessTokens, user, successor, next.value));
  }

  /** The token was rotated already: the same successor again, if still young and active. */
  private async replay({ user, token, input, now }: Presented): Promise<Either<InvalidToken, Session>> {
    const next = this.secrets.successorOf(input.token);
    const successor = await this.tokens.findByHash(next.hash);
    if (successor === null || !successor.answersReplay(now, this.policy)) {
      return this.reuseDetected(token, input.ip, now);
    }
    this.events.replayAnswered({ userId: token.userId, familyId: token.familyId, ip: input.ip });
    return right(sessionFor(this.accessTokens, user, successor, next.value));
  }

  private refused(ip: string): Either<InvalidToken, Session> {
    this.events.refreshRefused({ ip });
    return left(invalidToken);
  }

  private async reuseDetected(token: RefreshToken, ip: string, now: Date): Promise<Either<InvalidToken, Session>> {
    const revokedTokens = await this.tokens.revokeFamily(token.familyId, now, ip, 'reuse-detected');
    this.events.reuseDetected({ userId: token.userId, familyId: token.familyId, ip, revokedTokens });
    return left(invalidToken);
  }
}
