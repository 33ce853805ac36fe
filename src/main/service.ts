import type Koa from 'koa';
import type { IdGenerator } from '../application/ports/id-generator';
import type { PasswordHasher } from '../application/ports/password-hasher';
import type { UserRepository } from '../application/ports/user-repository';
import { Authenticate } from '../application/use-cases/authenticate';
import { AuthorizeRequest } from '../application/use-cases/authorize-request';
import { ChangePassword } from '../application/use-cases/change-password';
import { CreateUser } from '../application/use-cases/create-user';
import { GetPublishedKeys } from '../application/use-cases/get-published-keys';
import { EndSession } from '../application/use-cases/end-session';
import { GetUser } from '../application/use-cases/get-user';
import { ListRefreshTokens } from '../application/use-cases/list-refresh-tokens';
import { ListSessions } from '../application/use-cases/list-sessions';
import { ListUsers } from '../application/use-cases/list-users';
import { RefreshSession } from '../application/use-cases/refresh-session';
import { RevokeOtherSessions } from '../application/use-cases/revoke-other-sessions';
import { RevokeToken } from '../application/use-cases/revoke-token';
import { createHttpApp } from '../adapters/http/app';
import type { Readiness } from '../adapters/http/routes/probe-routes';
import { listenForScrapes } from '../adapters/metrics/metrics-listener';
import type { UseCaseSet } from '../adapters/http/use-case-set';
import { compose, type Graph, type Observability, type Runtime } from './compose';
import type { Config } from './config';
import { Tokens } from './injection-tokens';
import { readOpenApiDocument } from './openapi-document';
import { seedTestUser } from './seed-test-user';

export type Service = Readonly<{
  app: Koa;
  graph: Graph;
  /** Where Prometheus scrapes, when METRICS_PORT is set. */
  metricsUrl?: string;
  /** Closes the metrics listener and the graph: what it opened, never the stores a caller handed in. */
  close(): Promise<void>;
}>;

/** The use cases the HTTP adapter routes to. */
const useCasesOf = (graph: Graph): UseCaseSet => ({
  authenticate: graph.resolve(Authenticate),
  refreshSession: graph.resolve(RefreshSession),
  revokeToken: graph.resolve(RevokeToken),
  listUsers: graph.resolve(ListUsers),
  getUser: graph.resolve(GetUser),
  listRefreshTokens: graph.resolve(ListRefreshTokens),
  createUser: graph.resolve(CreateUser),
  authorizeRequest: graph.resolve(AuthorizeRequest),
  getPublishedKeys: graph.resolve(GetPublishedKeys),
  listSessions: graph.resolve(ListSessions),
  endSession: graph.resolve(EndSession),
  revokeOtherSessions: graph.resolve(RevokeOtherSessions),
  changePassword: graph.resolve(ChangePassword),
});

/** The HTTP service on the composed graph; outside production, seeds the test user. */
export const createService = async (config: Config, runtime: Runtime): Promise<Service> => {
  const graph = await compose(config, runtime);
  try {
    if (config.environment !== 'production') {
      const seeded = await seedTestUser(
        graph.resolve<UserRepository>(Tokens.UserRepository),
        graph.resolve<PasswordHasher>(Tokens.PasswordHasher),
        graph.resolve<IdGenerator>(Tokens.IdGenerator),
      );
      if (seeded) runtime.logger.warn({}, "empty store: created the test user 'test' (password 'test', Admin); never in production");
    }
    // Reads the key set now (creating the first key on an empty store): the first requests find it loaded.
    await graph.resolve(GetPublishedKeys).execute();
    const observability = graph.resolve<Observability>(Tokens.Observability);
    const app = createHttpApp({
      useCases: useCasesOf(graph),
      logger: runtime.logger,
      readiness: graph.resolve<() => Promise<Readiness>>(Tokens.Readiness),
      storeTopology: graph.resolve<string>(Tokens.StoreTopology),
      observers: observability.requestObservers,
      settings: {
        corsOrigins: config.corsOrigins,
        trustProxy: config.trustProxy,
        trustedProxyHops: config.trustedProxyHops,
        cookie: { sameSite: config.cookieSameSite, secure: config.environment === 'production' },
        openApiDocument: readOpenApiDocument(),
        ...(config.accessTokenSigning.algorithm === 'HS256'
          ? {}
          : { keyPublication: { issuer: config.jwt.issuer, maxAgeSeconds: config.accessTokenSigning.jwksMaxAgeSeconds } }),
      },
    });
    if (config.metrics === undefined || observability.metrics === undefined) return { app, graph, close: graph.close };
    const listener = await listenForScrapes(observability.metrics, config.metrics, runtime.logger);
    const close = async (): Promise<void> => {
      await listener.close();
      await graph.close();
    };
    return { app, graph, metricsUrl: listener.url, close };
  } catch (error) {
    await graph.close();
    throw error;
  }
};
