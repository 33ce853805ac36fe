import type { RouterContext } from '@koa/router';
import type { Context, Next } from 'koa';
import type { RequestLogState } from './request-logging';

/** `header` answers a request header's value ('' when absent): e.g. a caller's `traceparent`. */
export type ObservedRequest = Readonly<{ requestId: string; method: string; header(name: string): string }>;
/** `route` is the router's template (`/users/:id`), never the raw path; `unmatched` when no route answered. */
export type RequestOutcome = Readonly<{ route: string; status: number }>;

/**
 * Something outside the adapter that watches whole requests (metrics, traces). It runs the rest
 * of the request by calling `handle` exactly once, and answers what `handle` answered; it never
 * throws of its own accord.
 */
export interface RequestObserver {
  observe(request: ObservedRequest, handle: () => Promise<RequestOutcome>): Promise<RequestOutcome>;
}

export const UNMATCHED_ROUTE = 'unmatched';

const routeOf = (ctx: Context): string => {
  const route = (ctx as Partial<RouterContext>)._matchedRoute;
  return typeof route === 'string' ? route : UNMATCHED_ROUTE;
};

/**
 * Registered right inside the request logging (which gives the id) and outside the error
 * middleware, so observers see the final status; the observers nest, the first outermost.
 */
export const requestObservation = (observers: readonly RequestObserver[]) => async (ctx: Context, next: Next): Promise<void> => {
  // A request costs one closure per observer: kept short, this runs on every request.
  const request: ObservedRequest = {
    requestId: (ctx.state as RequestLogState).requestId,
    method: ctx.method,
    header: (name) => ctx.get(name),
  };
  let failure: { error: unknown } | undefined;
  const handle = async (): Promise<RequestOutcome> => {
    try {
      await next();
    } catch (error) {
      failure = { error };
      return { route: routeOf(ctx), status: 500 };
    }
    return { route: routeOf(ctx), status: ctx.status };
  };
  await observers.reduceRight<() => Promise<RequestOutcome>>((inner, observer) => () => observer.observe(request, inner), handle)();
  if (failure !== undefined) throw failure.error;
};
