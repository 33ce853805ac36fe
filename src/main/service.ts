import type Koa from 'koa';
import type { Logger } from 'pino';
import type { DependencyContainer } from 'tsyringe';
import type { IdGenerator } from '../application/ports/id-generator';
import type { PasswordHasher } from '../application/ports/password-hasher';
import { createHttpApp } from '../adapters/http/app';
import type { UseCaseSet } from '../adapters/http/use-case-set';
import type { Config } from './config';
import { buildContainer, type Overrides, resolveUseCases } from './container';
import { Tokens } from './injection-tokens';
import { readOpenApiDocument } from './openapi-document';
import { seedTestUser } from './seed-test-user';
import type { Stores } from './stores';

export type Service = Readonly<{ app: Koa; useCases: UseCaseSet; container: DependencyContainer }>;

/** Wires the whole service on the given stores; outside production, seeds the test user. */
export const createService = async (
  config: Config,
  stores: Stores,
  logger: Logger,
  overrides: Overrides = {},
): Promise<Service> => {
  const container = buildContainer(config, stores, overrides);
  const useCases = resolveUseCases(container);
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
  return { app, useCases, container };
};
