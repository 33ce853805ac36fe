import type { Context, Next } from 'koa';
import { StoreUnavailable } from '../../application/ports/store-unavailable';
import { HttpError } from './error-responses';
import type { Logger } from '../../application/ports/logger';

type ThrownByKoa = Error & { status?: unknown; expose?: boolean; headers?: unknown };

type Answer = Readonly<{ status: number; message: string; headers: Readonly<Record<string, string>> }>;

/** What the body parser (co-body, raw-body) means by the statuses it throws. */
const parserMessages: Readonly<Record<number, string>> = {
  400: 'Request body is not valid JSON',
  413: 'Request body too large (limit 16 KiB)',
  415: 'Unsupported content encoding or charset',
};

/**
 * Registered first: every failure leaves as JSON `{ message }`. Unknown errors are logged
 * with their stack and answered 500 without details.
 */
export const errorMiddleware =
  (logger: Logger) =>
  async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) {
        const { status } = ctx;
        ctx.body = { message: status === 404 ? 'Not found' : ctx.message };
        ctx.status = status; // setting a body would otherwise turn the status into 200
      }
    } catch (thrown) {
      const { status, message, headers } = describe(thrown, logger, ctx);
      ctx.status = status;
      ctx.body = { message };
      ctx.set(headers);
    }
  };

/** How long a client should wait before retrying while the store is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

const describe = (thrown: unknown, logger: Logger, ctx: Context): Answer => {
  if (thrown instanceof HttpError) return thrown;
  if (thrown instanceof StoreUnavailable) {
    // Expected while the database is down: one line per request, no stack.
    logger.error({ method: ctx.method, path: ctx.path, reason: thrown.message }, 'store unavailable');
    return {
      status: 503,
      message: 'Service temporarily unavailable, try again later',
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  const { status, expose, message } = (thrown ?? {}) as ThrownByKoa;
  if (typeof status === 'number' && status >= 400 && status < 500 && expose !== false) {
    return { status, message: parserMessages[status] ?? message, headers: {} };
  }
  logger.error({ err: thrown, method: ctx.method, path: ctx.path }, 'unhandled error');
  return { status: 500, message: 'Internal server error', headers: {} };
};
