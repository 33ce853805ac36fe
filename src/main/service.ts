import type Koa from 'koa';
import type { Logger } from 'pino';
import type { DependencyContainer } from 'tsyringe';
import type { IdGenerator } from '../application/ports/id-generator';
import type { PasswordHasher } from '../application/ports/password-hasher';
import { InProcessRevokedSessions } from '../adapters/cache/in-process-revoked-sessions';
import { createHttpApp } from '../adapters/http/app';
import type { UseCaseSet } from '../adapters/http/use-case-set';
import { PinoSecurityEvents } from '../adapters/logging/pino-security-events';
import { InMemoryLoginThrottle } from '../adapters/throttle/in-memory-login-throttle';
import { closeRedis, connectRedis } from '../adapters/throttle/redis-client';
import { RedisLoginThrottle } from '../adapters/throttle/redis-login-throttle';
import type { Config } from './config';
import { buildContainer, type Outlets, type Overrides, resolveUseCases } from './container';
import { Tokens } from './injection-tokens';
import { readOpenApiDocument } from './openapi-document';
import { seedTestUser } from './seed-test-user';
import type { Stores } from './stores';

export type Service = Readonly<{
  app: Koa;
  useCases: UseCaseSet;
  container: DependencyContainer;
  /** Closes what the service opened itself (the Redis connection of login throttling); the stores are the caller's. */
  close(): Promise<void>;
}>;

type OpenOutlets = Outlets & Readonly<{ close(): Promise<void> }>;

/** Security events to the log; throttling counts in Redis when REDIS_URL is set (shared by every instance), else in this process. */
const openOutlets = async (config: Config, logger: Logger): Promise<OpenOutlets> => {
  const securityEvents = new PinoSecurityEvents(logger);
  if (config.redis === undefined) {
    logger.info({ policy: config.loginThrottle }, 'login throttling: counted in this process (set REDIS_URL to share counts between instances)');
    return { securityEvents, loginThrottle: new InMemoryLoginThrottle(config.loginThrottle), close: async () => undefined };
  }
  logger.info({ policy: config.loginThrottle }, 'login throttling: counted in Redis, shared by every instance');
  const redis = await connectRedis(config.redis.url, logger, `${config.redis.keyPrefix}login-throttle`);
  const loginThrottle = new RedisLoginThrottle(redis, config.loginThrottle, config.redis.keyPrefix);
  return { securityEvents, loginThrottle, close: () => closeRedis(redis) };
};

/** Wires the whole service on the given stores; outside production, seeds the test user. */
export const createService = async (
  config: Config,
  stores: Stores,
  logger: Logger,
  overrides: Overrides = {},
): Promise<Service> => {
  const outlets = await openOutlets(config, logger);
  const container = buildContainer(config, stores, outlets, overrides);
  const useCases = resolveUseCases(container);
  // Warm now: the first requests then find the revocation cache fresh instead of polling the store.
  await container.resolve(InProcessRevokedSessions).refresh();
  if (config.environment !== 'production') {
    const hasher = container.resolve<PasswordHasher>(Tokens.PasswordHasher);
    const seeded = await seedTestUser(stores.users, hasher, container.resolve<IdGenerator>(Tokens.IdGenerator));
    if (seeded) logger.warn({}, "empty store: created the test user 'test' (password 'test', Admin); never in production");
  }
  const app = createHttpApp({
    useCases,
    logger,
    isReady: () => stores.isReady(),
    settings: {
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      cookie: { sameSite: config.cookieSameSite, secure: config.environment === 'production' },
      openApiDocument: readOpenApiDocument(),
    },
  });
  return { app, useCases, container, close: outlets.close };
};
