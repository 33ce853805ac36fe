import 'reflect-metadata';
import { hkdfSync } from 'node:crypto';
import { container as rootContainer, type DependencyContainer, type InjectionToken, instanceCachingFactory } from 'tsyringe';
import type { Logger } from 'pino';
import type { AccessTokens } from '../application/ports/access-tokens';
import type { Clock } from '../application/ports/clock';
import type { Housekeeping } from '../application/ports/housekeeping';
import type { IdGenerator } from '../application/ports/id-generator';
import type { LoginThrottle } from '../application/ports/login-throttle';
import type { PasswordHasher } from '../application/ports/password-hasher';
import type { RefreshTokenRepository } from '../application/ports/refresh-token-repository';
import type { RevokedSessions } from '../application/ports/revoked-sessions';
import type { SecurityEvents } from '../application/ports/security-events';
import type { TokenGenerator } from '../application/ports/token-generator';
import type { UserRepository } from '../application/ports/user-repository';
import { Authenticate } from '../application/use-cases/authenticate';
import { AuthorizeRequest } from '../application/use-cases/authorize-request';
import { ChangePassword } from '../application/use-cases/change-password';
import { CreateUser } from '../application/use-cases/create-user';
import { EndSession } from '../application/use-cases/end-session';
import { GetUser } from '../application/use-cases/get-user';
import { ListRefreshTokens } from '../application/use-cases/list-refresh-tokens';
import { ListSessions } from '../application/use-cases/list-sessions';
import { ListUsers } from '../application/use-cases/list-users';
import { RefreshSession } from '../application/use-cases/refresh-session';
import { RevokeOtherSessions } from '../application/use-cases/revoke-other-sessions';
import { RevokeSessions } from '../application/use-cases/revoke-sessions';
import { RevokeToken } from '../application/use-cases/revoke-token';
import { SetPassword } from '../application/use-cases/set-password';
import { GetPublishedKeys } from '../application/use-cases/get-published-keys';
import { ListSigningKeys } from '../application/use-cases/list-signing-keys';
import { RetireSigningKey } from '../application/use-cases/retire-signing-key';
import { RotateSigningKeys } from '../application/use-cases/rotate-signing-keys';
import type { SigningKeys } from '../application/ports/signing-keys';
import type { SigningPolicy } from '../domain/key-set';
import type { SessionPolicy } from '../domain/session-policy';
import { InProcessRevokedSessions } from '../adapters/cache/in-process-revoked-sessions';
import { SystemClock } from '../adapters/clock/system-clock';
import { CoalescingHousekeeping } from '../adapters/housekeeping/coalescing-housekeeping';
import { RandomIdGenerator } from '../adapters/ids/random-id-generator';
import { PinoSecurityEvents } from '../adapters/logging/pino-security-events';
import { MeteredSecurityEvents } from '../adapters/metrics/metered-security-events';
import { meteredHashing, meteredRequests, timedStoreCall } from '../adapters/metrics/metered-operations';
import { PrometheusMetrics } from '../adapters/metrics/prometheus-metrics';
import type { RequestObserver } from '../adapters/http/request-observation';
import { CryptoTokenGenerator } from '../adapters/security/crypto-token-generator';
import { NodeKeyMaterial } from '../adapters/security/node-key-material';
import { WorkerPasswordHasher } from '../adapters/security/worker-password-hasher';
import { buildAccessTokens, signingPolicyOf } from './access-tokens';
import type { Config } from './config';
import { Tokens } from './injection-tokens';
import { openLoginThrottle } from './login-throttle';
import { type Around, nested, observed } from './observe';
import { cachedReadiness } from './readiness';
import { openStores, type Stores } from './stores';
import type { Tracing } from './tracing';

/** What the process hands the composition besides the config; tests swap the optional parts. */
export type Runtime = Readonly<{
  logger: Logger;
  /** Default: the system clock. Tests pass a fake one. */
  clock?: Clock;
  /** Default: bcrypt on worker threads at BCRYPT_COST. Tests pass a cheaper or recording one. */
  passwordHasher?: PasswordHasher;
  /** Default: opened from the config (MONGODB_URI, else embedded). Given: the caller's, shared and closed by the caller. */
  stores?: Stores;
  /** Set when traces are on (OTEL_* variables, see tracing.ts): spans for requests, use cases, store calls, hashing. */
  tracing?: Tracing;
  /** Default: run after each answer, in this process. Tests pass one they release by hand. */
  housekeeping?: Housekeeping;
}>;

/** What watches the graph: the metrics when METRICS_PORT is set, the request observers for the HTTP adapter. */
export type Observability = Readonly<{ metrics?: PrometheusMetrics; requestObservers: readonly RequestObserver[] }>;

/** The whole object graph of one process, and what closes it. */
export type Graph = Readonly<{
  resolve<T>(token: InjectionToken<T>): T;
  /** Closes what the graph opened, the last opened first (hasher threads, Redis, stores). Safe to call twice. */
  close(): Promise<void>;
}>;

/**
 * Off the event loop, with a bounded queue: past it a login is refused at once (503) instead of
 * waiting behind a flood. Its threads are the graph's to stop.
 */
const ownHasher = (config: Config, closers: Array<() => Promise<void>>, metrics: PrometheusMetrics | undefined): PasswordHasher => {
  const pool = new WorkerPasswordHasher(config.bcryptCost, {
    queueCapacity: config.bcryptQueueCapacity,
    ...(metrics && { observer: meteredHashing(metrics) }),
  });
  closers.push(() => pool.close());
  return pool;
};

/** Closed before the stores it writes to (closers run last opened first): what it took, it finishes. */
const ownHousekeeping = (logger: Logger, closers: Array<() => Promise<void>>): Housekeeping => {
  const housekeeping = new CoalescingHousekeeping(logger);
  closers.push(() => housekeeping.close());
  return housekeeping;
};

/** The successor-derivation key: from the JWT secret, so every instance derives the same one. */
const successorKey = (jwtSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', jwtSecret, 'jwt-refresh-auth', 'refresh-token-successor', 32));

/**
 * The composition root: the one function that knows which adapter serves which port. The
 * server, the operators' CLI and the tests all build their graph with it.
 */
export const compose = async (config: Config, runtime: Runtime): Promise<Graph> => {
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const clock = runtime.clock ?? new SystemClock();
    const metrics = config.metrics === undefined ? undefined : new PrometheusMetrics();
    const storeCalls = nested([runtime.tracing?.around, metrics && timedStoreCall(metrics)]);
    const opened = runtime.stores ?? (await openStores(config, runtime.logger, clock));
    if (runtime.stores === undefined) closers.push(() => opened.close());
    const stores = {
      users: observed(opened.users, 'users', storeCalls),
      tokens: observed(opened.tokens, 'tokens', storeCalls),
      endedSessions: observed(opened.endedSessions, 'tokens', storeCalls),
    };
    const throttle = await openLoginThrottle(config, runtime.logger);
    closers.push(throttle.close);
    const pool = runtime.passwordHasher ?? ownHasher(config, closers, metrics);
    const hasher = observed(pool, 'hashing', runtime.tracing?.around);
    const revokedSessions = new InProcessRevokedSessions(
      stores.endedSessions,
      clock,
      { lagSeconds: config.accessRevocationLagSeconds, accessTokenTtlSeconds: config.jwt.ttlSeconds },
      { logger: runtime.logger },
    );
    // Warm now, then keep it fresh in the background: no request waits for a poll.
    await revokedSessions.refresh();
    revokedSessions.start();
    closers.push(async () => revokedSessions.stop());
    metrics?.watchRevocationCache(() => {
      const { size, lastPoll } = revokedSessions.snapshot();
      return { size, ageSeconds: lastPoll && (clock.now().getTime() - lastPoll.getTime()) / 1000 };
    });
    const audit = new PinoSecurityEvents(runtime.logger);
    const housekeeping = runtime.housekeeping ?? ownHousekeeping(runtime.logger, closers);

    const c = rootContainer.createChildContainer();
    const value = <T>(token: symbol, useValue: T): void => void c.register<T>(token, { useValue });
    value(Tokens.Config, config);
    value(Tokens.Logger, runtime.logger);
    value<SessionPolicy>(Tokens.SessionPolicy, config.session);
    value<Clock>(Tokens.Clock, clock);
    value<UserRepository>(Tokens.UserRepository, stores.users);
    value<RefreshTokenRepository>(Tokens.RefreshTokenRepository, stores.tokens);
    value(Tokens.EndedSessions, stores.endedSessions);
    value(Tokens.Readiness, cachedReadiness({ store: () => opened.isReady(), ...(throttle.isReachable && { redis: throttle.isReachable }) }, clock));
    value<string>(Tokens.StoreTopology, opened.topology);
    value<RevokedSessions>(Tokens.RevokedSessions, revokedSessions);
    value<LoginThrottle>(Tokens.LoginThrottle, throttle.throttle);
    value<SecurityEvents>(Tokens.SecurityEvents, metrics ? new MeteredSecurityEvents(metrics, audit) : audit);
    value<PasswordHasher>(Tokens.PasswordHasher, hasher);
    value<TokenGenerator>(Tokens.TokenGenerator, new CryptoTokenGenerator(successorKey(config.jwt.secret)));
    value<IdGenerator>(Tokens.IdGenerator, new RandomIdGenerator());
    value<Housekeeping>(Tokens.Housekeeping, housekeeping);
    value<SigningKeys>(Tokens.SigningKeys, opened.signingKeys);
    value<Observability>(Tokens.Observability, {
      ...(metrics && { metrics }),
      requestObservers: [runtime.tracing?.requests, metrics && meteredRequests(metrics)].filter((o) => o !== undefined),
    });
    registerUseCases(c, runtime.tracing?.around);
    registerSigning(c, config, clock);
    return { resolve: (token) => c.resolve(token), close };
  } catch (error) {
    await close();
    throw error;
  }
};

/** Each use case from the ports registered above: one factory apiece, built once per graph. */
const registerUseCases = (c: DependencyContainer, around: Around | undefined): void => {
  type R = DependencyContainer;
  const users = (r: R) => r.resolve<UserRepository>(Tokens.UserRepository);
  const tokens = (r: R) => r.resolve<RefreshTokenRepository>(Tokens.RefreshTokenRepository);
  const hasher = (r: R) => r.resolve<PasswordHasher>(Tokens.PasswordHasher);
  const accessTokens = (r: R) => r.resolve<AccessTokens>(Tokens.AccessTokens);
  const secrets = (r: R) => r.resolve<TokenGenerator>(Tokens.TokenGenerator);
  const ids = (r: R) => r.resolve<IdGenerator>(Tokens.IdGenerator);
  const clock = (r: R) => r.resolve<Clock>(Tokens.Clock);
  const policy = (r: R) => r.resolve<SessionPolicy>(Tokens.SessionPolicy);
  const throttle = (r: R) => r.resolve<LoginThrottle>(Tokens.LoginThrottle);
  const events = (r: R) => r.resolve<SecurityEvents>(Tokens.SecurityEvents);
  const revoked = (r: R) => r.resolve<RevokedSessions>(Tokens.RevokedSessions);
  const housekeeping = (r: R) => r.resolve<Housekeeping>(Tokens.Housekeeping);
  const once = <T extends object>(build: (r: R) => T) => ({
    useFactory: instanceCachingFactory((r) => {
      const useCase = build(r);
      return observed(useCase, useCase.constructor.name, around);
    }),
  });

  c.register(Authenticate, once((r) => new Authenticate(users(r), tokens(r), hasher(r), accessTokens(r), secrets(r), ids(r), clock(r), policy(r), throttle(r), events(r), housekeeping(r))));
  c.register(RefreshSession, once((r) => new RefreshSession(users(r), tokens(r), accessTokens(r), secrets(r), clock(r), policy(r), events(r), housekeeping(r), revoked(r))));
  c.register(RevokeToken, once((r) => new RevokeToken(tokens(r), secrets(r), clock(r), policy(r), events(r))));
  c.register(ListUsers, once((r) => new ListUsers(users(r))));
  c.register(GetUser, once((r) => new GetUser(users(r))));
  c.register(ListRefreshTokens, once((r) => new ListRefreshTokens(users(r), tokens(r), clock(r))));
  c.register(CreateUser, once((r) => new CreateUser(users(r), hasher(r), ids(r), events(r))));
  c.register(AuthorizeRequest, once((r) => new AuthorizeRequest(accessTokens(r), users(r), revoked(r))));
  c.register(SetPassword, once((r) => new SetPassword(users(r), hasher(r), events(r))));
  c.register(RevokeSessions, once((r) => new RevokeSessions(users(r), tokens(r), clock(r), policy(r), events(r))));
  c.register(GetPublishedKeys, once((r) => new GetPublishedKeys(accessTokens(r))));
  c.register(ListSessions, once((r) => new ListSessions(users(r), tokens(r), clock(r))));
  c.register(EndSession, once((r) => new EndSession(tokens(r), clock(r), policy(r), events(r))));
  c.register(RevokeOtherSessions, once((r) => new RevokeOtherSessions(users(r), tokens(r), clock(r), policy(r), events(r))));
  c.register(ChangePassword, once((r) => new ChangePassword(users(r), tokens(r), hasher(r), ids(r), clock(r), policy(r), throttle(r), events(r))));
};

/**
 * Access tokens, and with ES256 / RS256 the key use cases: the key ring reads the key set
 * through RotateSigningKeys, so whichever instance first finds a rotation due makes it.
 */
const registerSigning = (c: DependencyContainer, config: Config, clock: Clock): void => {
  const policy = signingPolicyOf(config);
  if (policy === undefined) {
    c.register<AccessTokens>(Tokens.AccessTokens, { useValue: buildAccessTokens(config, clock, undefined) });
    return;
  }
  const material = new NodeKeyMaterial(config.jwt.secret);
  const keys = (r: DependencyContainer) => r.resolve<SigningKeys>(Tokens.SigningKeys);
  const events = (r: DependencyContainer) => r.resolve<SecurityEvents>(Tokens.SecurityEvents);
  const once = <T>(build: (r: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory(build) });
  c.register<SigningPolicy>(Tokens.SigningPolicy, { useValue: policy });
  c.register(RotateSigningKeys, once((r) => new RotateSigningKeys(keys(r), material, clock, policy, events(r))));
  c.register(RetireSigningKey, once((r) => new RetireSigningKey(keys(r), r.resolve(RotateSigningKeys), clock, policy, events(r))));
  c.register(ListSigningKeys, once((r) => new ListSigningKeys(keys(r), clock, policy)));
  c.register<AccessTokens>(Tokens.AccessTokens, once((r) => {
    const rotate = r.resolve(RotateSigningKeys);
    return buildAccessTokens(config, clock, { material, loadKeys: async () => (await rotate.execute({ trigger: 'schedule' })).keys });
  }));
};
