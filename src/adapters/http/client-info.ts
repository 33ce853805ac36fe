import type { Context } from 'koa';

const MAX_USER_AGENT = 256;

/**
 * The caller's address: from X-Forwarded-For only when the app trusts its proxy (Koa's app.proxy),
 * and then the entry our outermost proxy wrote (app.maxIpsCount), never one the client added.
 */
export const clientIp = (ctx: Context): string => {
  const ip = ctx.ip || ctx.socket.remoteAddress || 'unknown';
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
};

export const userAgentOf = (ctx: Context): { userAgent?: string } => {
  const agent = ctx.get('User-Agent');
  return agent === '' ? {} : { userAgent: agent.slice(0, MAX_USER_AGENT) };
};
