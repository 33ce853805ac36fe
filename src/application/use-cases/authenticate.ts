import { type Either, left, right } from 'fp-ts/Either';
import { type InvalidCredentials, invalidCredentials } from '../../domain/errors';
import { RefreshToken } from '../../domain/refresh-token';
import type { SessionPolicy } from '../../domain/session-policy';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { PasswordHasher } from '../ports/password-hasher';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { TokenGenerator } from '../ports/token-generator';
import type { UserRepository } from '../ports/user-repository';
import { type Session, sessionFor } from '../session';

export type AuthenticateInput = Readonly<{ username: string; password: string; ip: string; userAgent?: string }>;

/** Checks a username and password and starts a new session (a new token family). */
export class Authenticate {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokens,
    private readonly secrets: TokenGenerator,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
  ) {}

  async execute(input: AuthenticateInput): Promise<Either<InvalidCredentials, Session>> {
    const user = await this.users.findByUsername(input.username);
    // Unknown user or wrong password: the same answer after the same bcrypt work.
    const matches = await this.hasher.verify(input.password, user?.passwordHash ?? null);
    if (user === null || !matches) return left(invalidCredentials);

    const secret = this.secrets.random();
    const token = RefreshToken.startSession({
      id: this.ids.nextId(),
      userId: user.id,
      tokenHash: secret.hash,
      now: this.clock.now(),
      ip: input.ip,
      ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
      policy: this.policy,
    });
    await this.tokens.add(token);
    return right(sessionFor(this.accessTokens, user, token, secret.value));
  }
}
