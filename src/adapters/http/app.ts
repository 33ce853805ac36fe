import Koa from 'koa';
import { corsPolicy } from './cors-policy';
import { errorMiddleware } from './error-middleware';
import type { Logger } from '../../application/ports/logger';
import type { HttpSettings } from './http-settings';
import { jsonBody } from './json-body';
import { requestLogging } from './request-logging';
import { accountRoutes } from './routes/account-routes';
import { type RequestObserver, requestObservation } from './request-observation';
import { docsRoutes } from './routes/docs-routes';
import { probeRoutes, type Readiness } from './routes/probe-routes';
import { sessionRoutes } from './routes/session-routes';
import { userRoutes } from './routes/user-routes';
import { wellKnownRoutes } from './routes/well-known-routes';
import { securityHeaders } from './security-headers';
import type { UseCaseSet } from './use-case-set';

export type HttpAppDependencies = Readonly<{
  useCases: UseCaseSet;
  settings: HttpSettings;
  logger: Logger;
  /** Whether a request can be served, and what each dependency answered (GET /ready). */
  readiness: () => Promise<Readiness>;
  /** What the store is (embedded, standalone, replica-set, sharded), as seen at start-up: GET /ready says it. */
  storeTopology: string;
  /** Metrics and traces of every request, outermost first; none by default. */
  observers?: readonly RequestObserver[];
}>;

/** The Koa application: middleware order is request logging, observers (metrics, traces), error handling, security headers, CORS, body parsing, routes. */
export const createHttpApp = ({ useCases, settings, logger, readiness, storeTopology, observers = [] }: HttpAppDependencies): Koa => {
  const app = new Koa({ proxy: settings.trustProxy, maxIpsCount: settings.trustedProxyHops });
  app.silent = true; // the error middleware logs what matters
  app.use(requestLogging(logger));
  if (observers.length > 0) app.use(requestObservation(observers));
  app.use(errorMiddleware(logger));
  app.use(securityHeaders());
  app.use(corsPolicy(settings.corsOrigins));
  app.use(jsonBody());

  for (const router of [
    sessionRoutes(useCases, settings),
    userRoutes(useCases),
    accountRoutes(useCases),
    docsRoutes(settings.openApiDocument),
    probeRoutes(readiness, storeTopology),
    ...(settings.keyPublication === undefined ? [] : [wellKnownRoutes(useCases.getPublishedKeys, settings.keyPublication)]),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
};
