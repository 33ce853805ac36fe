import 'reflect-metadata';
import { hkdfSync } from 'node:crypto';
import { container as rootContainer, type DependencyContainer, instanceCachingFactory } from 'tsyringe';
import type { AccessTokens } from '../application/ports/access-tokens';
import type { Clock } from '../application/ports/clock';
import type { IdGenerator } from '../application/ports/id-generator';
import type { LoginThrottle } from '../application/ports/login-throttle';
import type { PasswordHasher } from '../application/ports/password-hasher';
import type { RefreshTokenRepository } from '../application/ports/refresh-token-repository';
import type { SecurityEvents } from '../application/ports/security-events';
import type { TokenGenerator } from '../application/ports/token-generator';
import type { UserRepository } from '../application/ports/user-repository';
import { Authenticate } from '../application/use-cases/authenticate';
import { AuthorizeRequest } from '../application/use-cases/authorize-request';
import { CreateUser } from '../application/use-cases/create-user';
import { GetUser } from '../application/use-cases/get-user';
import { ListRefreshTokens } from '../application/use-cases/list-refresh-tokens';
import { ListUsers } from '../application/use-cases/list-users';
import { RefreshSession } from '../application/use-cases/refresh-session';
import { RevokeSessions } from '../application/use-cases/revoke-sessions';
import { RevokeToken } from '../application/use-cases/revoke-token';
import { SetPassword } from '../application/use-cases/set-password';
import type { SessionPolicy } from '../domain/session-policy';
import { InProcessRevokedSessions } from '../adapters/cache/in-process-revoked-sessions';
import { SystemClock } from '../adapters/clock/system-clock';
import type { UseCaseSet } from '../adapters/http/use-case-set';
import { CryptoTokenGenerator } from '../adapters/security/crypto-token-generator';
import { JwtAccessTokens } from '../adapters/security/jwt-access-tokens';
import { RandomIdGenerator } from '../adapters/security/random-id-generator';
import { WorkerPasswordHasher } from '../adapters/security/worker-password-hasher';
import type { Config } from './config';
import { Tokens } from './injection-tokens';
import type { Stores } from './stores';

/** Parts a caller may swap: tests pass a fake clock or a cheaper hasher. */
export type Overrides = Partial<Readonly<{ clock: Clock; passwordHasher: PasswordHasher }>>;

/** Adapters the caller opens and closes (they hold a connection or a log stream); the container hands them out. */
export type Outlets = Readonly<{ loginThrottle: LoginThrottle; securityEvents: SecurityEvents }>;

/** The successor-derivation key: from the JWT secret, so every instance derives the same one. */
const successorKey = (jwtSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', jwtSecret, 'jwt-refresh-auth', 'refresh-token-successor', 32));

/** The composition root: the one place that knows which class serves which port. */
export const buildContainer = (
  config: Config,
  stores: Stores,
  outlets: Outlets,
  overrides: Overrides = {},
): DependencyContainer => {
  const c = rootContainer.createChildContainer();
  c.register(Tokens.Config, { useValue: config });
  c.register<SessionPolicy>(Tokens.SessionPolicy, { useValue: config.session });
  c.register<Clock>(Tokens.Clock, { useValue: overrides.clock ?? new SystemClock() });
  c.register<UserRepository>(Tokens.UserRepository, { useValue: stores.users });
  c.register<RefreshTokenRepository>(Tokens.RefreshTokenRepository, { useValue: stores.tokens });
  c.register<LoginThrottle>(Tokens.LoginThrottle, { useValue: outlets.loginThrottle });
  c.register<SecurityEvents>(Tokens.SecurityEvents, { useValue: outlets.securityEvents });
  c.register<PasswordHasher>(Tokens.PasswordHasher, {
    // Off the event loop: a bcrypt hash would otherwise stall every other request for its whole duration.
    // Its queue is bounded: past it a login is refused at once (503) instead of waiting behind a flood.
    useValue: overrides.passwordHasher ?? new WorkerPasswordHasher(config.bcryptCost, { queueCapacity: config.bcryptQueueCapacity }),
  });
  c.register<TokenGenerator>(Tokens.TokenGenerator, {
    useValue: new CryptoTokenGenerator(successorKey(config.jwt.secret)),
  });
  c.register<IdGenerator>(Tokens.IdGenerator, { useValue: new RandomIdGenerator() });
  c.register<AccessTokens>(Tokens.AccessTokens, {
    useFactory: instanceCachingFactory((r) => new JwtAccessTokens(config.jwt, r.resolve<Clock>(Tokens.Clock))),
  });
  registerUseCases(c);
  return c;
};

/** Stops what the container started: the password hasher's threads. Safe to call twice. */
export const releaseContainer = async (c: DependencyContainer): Promise<void> => {
  const hasher = c.resolve<PasswordHasher>(Tokens.PasswordHasher);
  if (hasher instanceof WorkerPasswordHasher) await hasher.close();
};

type Resolver = DependencyContainer;
const port = <T>(r: Resolver, token: symbol): T => r.resolve<T>(token);

/** Each use case from the ports registered above: one factory apiece, built once per container. */
const registerUseCases = (c: DependencyContainer): void => {
  const users = (r: Resolver) => port<UserRepository>(r, Tokens.UserRepository);
  const tokens = (r: Resolver) => port<RefreshTokenRepository>(r, Tokens.RefreshTokenRepository);
  const hasher = (r: Resolver) => port<PasswordHasher>(r, Tokens.PasswordHasher);
  const accessTokens = (r: Resolver) => port<AccessTokens>(r, Tokens.AccessTokens);
  const secrets = (r: Resolver) => port<TokenGenerator>(r, Tokens.TokenGenerator);
  const ids = (r: Resolver) => port<IdGenerator>(r, Tokens.IdGenerator);
  const clock = (r: Resolver) => port<Clock>(r, Tokens.Clock);
  const policy = (r: Resolver) => port<SessionPolicy>(r, Tokens.SessionPolicy);
  const throttle = (r: Resolver) => port<LoginThrottle>(r, Tokens.LoginThrottle);
  const events = (r: Resolver) => port<SecurityEvents>(r, Tokens.SecurityEvents);
  const once = <T>(build: (r: Resolver) => T) => ({ useFactory: instanceCachingFactory(build) });

  c.register(Authenticate, once((r) => new Authenticate(users(r), tokens(r), hasher(r), accessTokens(r), secrets(r), ids(r), clock(r), policy(r), throttle(r), events(r))));
  c.register(RefreshSession, once((r) => new RefreshSession(users(r), tokens(r), accessTokens(r), secrets(r), ids(r), clock(r), policy(r), events(r))));
  c.register(RevokeToken, once((r) => new RevokeToken(tokens(r), secrets(r), clock(r), events(r))));
  c.register(ListUsers, once((r) => new ListUsers(users(r))));
  c.register(GetUser, once((r) => new GetUser(users(r))));
  c.register(ListRefreshTokens, once((r) => new ListRefreshTokens(users(r), tokens(r), clock(r))));
  c.register(CreateUser, once((r) => new CreateUser(users(r), hasher(r), ids(r), events(r))));
  // The cache is the RevokedSessions port's adapter; registered by class, as it is also warmed at start-up.
  c.register(InProcessRevokedSessions, once((r) => new InProcessRevokedSessions(tokens(r), clock(r), {
    lagSeconds: port<Config>(r, Tokens.Config).accessRevocationLagSeconds,
    accessTokenTtlSeconds: port<Config>(r, Tokens.Config).jwt.ttlSeconds,
  })));
  c.register(AuthorizeRequest, once((r) => new AuthorizeRequest(accessTokens(r), users(r), r.resolve(InProcessRevokedSessions))));
  c.register(SetPassword, once((r) => new SetPassword(users(r), hasher(r), events(r))));
  c.register(RevokeSessions, once((r) => new RevokeSessions(users(r), tokens(r), clock(r), events(r))));
};

/** The use cases the HTTP adapter routes to. */
export const resolveUseCases = (c: DependencyContainer): UseCaseSet => ({
  authenticate: c.resolve(Authenticate),
  refreshSession: c.resolve(RefreshSession),
  revokeToken: c.resolve(RevokeToken),
  listUsers: c.resolve(ListUsers),
  getUser: c.resolve(GetUser),
  listRefreshTokens: c.resolve(ListRefreshTokens),
  createUser: c.resolve(CreateUser),
  authorizeRequest: c.resolve(AuthorizeRequest),
});
