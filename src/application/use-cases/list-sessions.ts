import { type Either, isLeft, right } from 'fp-ts/Either';
import type { Actor } from '../../domain/actor';
import type { Forbidden, UserNotFound } from '../../domain/errors';
import type { LiveSession } from '../../domain/live-session';
import { mayActOnAccount } from '../account-access';
import type { Clock } from '../ports/clock';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { UserRepository } from '../ports/user-repository';
import { liveSessionsOf } from '../../domain/live-session';

export type ListSessionsInput = Readonly<{
  actor: Actor;
  userId: string;
  /** The session of the access token making the request: marked current. */
  callerSessionId: string;
}>;

export type ListedSession = LiveSession & Readonly<{ current: boolean }>;

/**
 * Where a user is signed in: one entry per live session (not per rotated token), most recently
 * used first. The user themself, or an admin.
 */
export class ListSessions {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: ListSessionsInput): Promise<Either<Forbidden | UserNotFound, ListedSession[]>> {
    const account = await mayActOnAccount(input.actor, input.userId, this.users);
    if (isLeft(account)) return account;
    // A session of an epoch closed by a password change is refused at its first use: not listed.
    const tokens = (await this.tokens.unrevokedOfUser(input.userId)).filter((token) => account.right.admits(token.familyId, token.credentialEpoch));
    const sessions = liveSessionsOf(tokens, this.clock.now());
    return right(sessions.map((session) => ({ ...session, current: session.id === input.callerSessionId })));
  }
}
