import { type Either, isLeft, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import type { Forbidden, UserNotFound } from '../../domain/errors';
import type { RefreshToken, RevokedReason } from '../../domain/refresh-token';
import type { Clock } from '../ports/clock';
import type { Page, PageRequest, RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { UserRepository } from '../ports/user-repository';
import { mayActOnAccount } from '../account-access';

export type ListRefreshTokensInput = Readonly<{ actor: Actor; userId: string; page: PageRequest }>;

/** A token as listed: its stored facts (never the secret, nor its hash) and its state now. */
export type RefreshTokenSummary = Readonly<{
  id: string;
  userId: string;
  familyId: string;
  created: Date;
  createdByIp: string;
  userAgent?: string;
  expires: Date;
  revoked?: Date;
  revokedByIp?: string;
  revokedReason?: RevokedReason;
  replacedBy?: string;
  isExpired: boolean;
  isActive: boolean;
}>;

/** Optional facts present only when set, so a summary compares equal to one written by hand. */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

const summaryOf = (token: RefreshToken, now: Date): RefreshTokenSummary => ({
  id: token.id,
  userId: token.userId,
  familyId: token.familyId,
  created: token.created,
  createdByIp: token.createdByIp,
  ...optional('userAgent', token.userAgent),
  expires: token.expires,
  ...optional('revoked', token.revoked),
  ...optional('revokedByIp', token.revokedByIp),
  ...optional('revokedReason', token.revokedReason),
  ...optional('replacedBy', token.replacedBy),
  isExpired: token.isExpired(now),
  isActive: token.isActive(now),
});

/** A user's tokens, active and ended, a page at a time: the user themself, or an admin. */
export class ListRefreshTokens {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: ListRefreshTokensInput): Promise<Either<Forbidden | UserNotFound, Page<RefreshTokenSummary>>> {
    const access = await mayActOnAccount(input.actor, input.userId, this.users);
    if (isLeft(access)) return access;
    const now = this.clock.now();
    const { items, next } = await this.tokens.listByUser(input.userId, input.page);
    const summaries = items.map((token) => summaryOf(token, now));
    return right(next === undefined ? { items: summaries } : { items: summaries, next });
  }
}
