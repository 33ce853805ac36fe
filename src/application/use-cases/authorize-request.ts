import { type Either, left, right } from 'fp-ts/Either';
import { type Unauthenticated, unauthenticated } from '../../domain/errors';
import { Actor } from '../../domain/actor';
import type { User } from '../../domain/user';
import type { AccessTokens } from '../ports/access-tokens';
import type { RevokedSessions } from '../ports/revoked-sessions';
import type { UserRepository } from '../ports/user-repository';

export type AuthorizeRequestInput = Readonly<{ accessToken: string }>;
/** The caller of an authorized request: the user, as the actor of the use cases it calls, and its session. */
export type Principal = Readonly<{ user: User; actor: Actor; sessionId: string }>;

/**
 * Who is calling: a valid access token of a live session of a user who still exists, issued in
 * the user's current credential epoch (or of the session a password change kept). Costs one
 * user lookup, whatever the number of sessions the user has; the session check is answered
 * from the RevokedSessions adapter (in production a cache, not a store query per request).
 */
export class AuthorizeRequest {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly users: UserRepository,
    private readonly revokedSessions: RevokedSessions,
  ) {}

  async execute(input: AuthorizeRequestInput): Promise<Either<Unauthenticated, Principal>> {
    const claims = await this.accessTokens.verify(input.accessToken);
    if (claims === null) return left(unauthenticated);
    if (await this.revokedSessions.isRevoked(claims.sessionId)) return left(unauthenticated);
    const user = await this.users.findById(claims.userId);
    if (user === null || !user.admits(claims.sessionId, claims.credentialEpoch)) return left(unauthenticated);
    return right({ user, actor: Actor.user(user), sessionId: claims.sessionId });
  }
}
