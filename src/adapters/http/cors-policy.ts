import cors from '@koa/cors';
import type { Context, Middleware } from 'koa';

/**
 * Credentials (the refresh cookie) only for the listed origins; any other origin gets no
 * CORS headers at all, so the browser keeps its responses from the calling page.
 */
export const corsPolicy = (allowedOrigins: readonly string[]): Middleware => {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (ctx: Context) => (allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
    credentials: true,
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposeHeaders: ['Retry-After', 'X-Request-Id', 'Link'],
    maxAge: 600,
  });
};
