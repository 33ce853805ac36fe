import { type Either, left, right } from 'fp-ts/Either';
import { type Forbidden, forbidden, type UserNotFound, userNotFound } from '../../domain/errors';
import type { RefreshTokenProps } from '../../domain/refresh-token';
import type { User } from '../../domain/user';
import type { Clock } from '../ports/clock';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { UserRepository } from '../ports/user-repository';

export type ListRefreshTokensInput = Readonly<{ actor: User; userId: string }>;

/** A token as listed: its stored facts (never the secret) and its state now. */
export type RefreshTokenSummary = Readonly<
  Omit<RefreshTokenProps, 'tokenHash' | 'sessionStarted'> & { isExpired: boolean; isActive: boolean }
>;

/** A user's sessions, active and ended: the user themself, or an admin. */
export class ListRefreshTokens {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: ListRefreshTokensInput): Promise<Either<Forbidden | UserNotFound, RefreshTokenSummary[]>> {
    if (!input.actor.mayActOn(input.userId)) return left(forbidden);
    if (input.actor.id !== input.userId && (await this.users.findById(input.userId)) === null) {
      return left(userNotFound);
    }
    const now = this.clock.now();
    const tokens = await this.tokens.listByUser(input.userId);
    return right(
      tokens.map((token) => {
        const { tokenHash: _hash, sessionStarted: _started, ...shown } = token.toProps();
        return { ...shown, isExpired: token.isExpired(now), isActive: token.isActive(now) };
      }),
    );
  }
}
