import Koa from 'koa';
import { corsPolicy } from './cors-policy';
import { errorMiddleware } from './error-middleware';
import type { Logger } from '../../application/ports/logger';
import type { HttpSettings } from './http-settings';
import { jsonBody } from './json-body';
import { requestLogging } from './request-logging';
import { accountRoutes } from './routes/account-routes';
import { docsRoutes } from './routes/docs-routes';
import { probeRoutes } from './routes/probe-routes';
import { sessionRoutes } from './routes/session-routes';
import { userRoutes } from './routes/user-routes';
import { wellKnownRoutes } from './routes/well-known-routes';
import { securityHeaders } from './security-headers';
import type { UseCaseSet } from './use-case-set';

export type HttpAppDependencies = Readonly<{
  useCases: UseCaseSet;
  settings: HttpSettings;
  logger: Logger;
  /** Whether the store answers (GET /ready). */
  isReady: () => Promise<boolean>;
  /** What the store is (embedded, standalone, replica-set, sharded), as seen at start-up: GET /ready says it. */
  storeTopology: string;
}>;

/** The Koa application: middleware order is request logging, error handling, security headers, CORS, body parsing, routes. */
export const createHttpApp = ({ useCases, settings, logger, isReady, storeTopology }: HttpAppDependencies): Koa => {
  const app = new Koa({ proxy: settings.trustProxy, maxIpsCount: settings.trustedProxyHops });
  app.silent = true; // the error middleware logs what matters
  app.use(requestLogging(logger));
  app.use(errorMiddleware(logger));
  app.use(securityHeaders());
  app.use(corsPolicy(settings.corsOrigins));
  app.use(jsonBody());

  for (const router of [
    sessionRoutes(useCases, settings),
    userRoutes(useCases),
    accountRoutes(useCases),
    docsRoutes(settings.openApiDocument),
    probeRoutes(isReady, storeTopology),
    ...(settings.keyPublication === undefined ? [] : [wellKnownRoutes(useCases.getPublishedKeys, settings.keyPublication)]),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
};
