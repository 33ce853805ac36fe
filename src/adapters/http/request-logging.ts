import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import { clientIp } from './client-info';
import type { Logger } from '../../application/ports/logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Ids from a proxy or client are kept only if short and plain: they go into every log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

export type RequestLogState = { requestId: string };

/**
 * Registered outermost, so it sees the status the error middleware settled on. Gives every
 * request an id (the caller's X-Request-Id when sane, else a new UUID), returns it in the
 * X-Request-Id response header and writes one line per request: id, method, path (never the
 * query string, which may carry secrets), status and duration. No header or body is logged.
 */
export const requestLogging =
  (logger: Logger, newId: () => string = randomUUID) =>
  async (ctx: Context, next: Next): Promise<void> => {
    const started = process.hrtime.bigint();
    const given = ctx.get(REQUEST_ID_HEADER);
    const requestId = SANE_REQUEST_ID.test(given) ? given : newId();
    (ctx.state as RequestLogState).requestId = requestId;
    ctx.set(REQUEST_ID_HEADER, requestId);
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          requestId,
          method: ctx.method,
          path: ctx.path,
          status: failed ? 500 : ctx.status,
          durationMs: Math.round(durationMs * 1000) / 1000,
          ip: clientIp(ctx),
        },
        'request',
      );
    }
  };
