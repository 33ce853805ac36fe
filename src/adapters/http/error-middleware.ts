import type { Context, Next } from 'koa';
import { HttpError } from './error-responses';
import type { HttpLogger } from './http-logger';

type ThrownByKoa = Error & { status?: unknown; expose?: boolean };

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
  (logger: HttpLogger) =>
  async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) {
        const { status } = ctx;
        ctx.body = { message: status === 404 ? 'Not found' : ctx.message };
        ctx.status = status; // setting a body would otherwise turn the status into 200
      }
    } catch (thrown) {
      const { status, message } = describe(thrown, logger, ctx);
      ctx.status = status;
      ctx.body = { message };
      if (status === 401) ctx.set('WWW-Authenticate', 'Bearer');
    }
  };

const describe = (thrown: unknown, logger: HttpLogger, ctx: Context): { status: number; message: string } => {
  if (thrown instanceof HttpError) return { status: thrown.status, message: thrown.message };
  const { status, expose, message } = (thrown ?? {}) as ThrownByKoa;
  if (typeof status === 'number' && status >= 400 && status < 500 && expose !== false) {
    return { status, message: parserMessages[status] ?? message };
  }
  logger.error({ err: thrown, method: ctx.method, path: ctx.path }, 'unhandled error');
  return { status: 500, message: 'Internal server error' };
};
