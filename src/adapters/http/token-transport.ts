import type { Context } from 'koa';
import { decodeOrThrow, RefreshTokenBody } from './codecs';
import { readRefreshCookie } from './cookies';
import { HttpError } from './error-responses';

/**
 * The request header with which a client that cannot keep cookies (a mobile, desktop or command-line
 * app) asks for the refresh token in the JSON body instead: `Refresh-Token-Transport: body`.
 * A header, not a body field or a query parameter: it is explicit on every request, it leaves the
 * tutorial's bodies as they are, and a web page cannot add it to a cross-origin request without a
 * CORS preflight, which this service does not grant for it; browsers keep the HttpOnly cookie.
 */
export const TRANSPORT_HEADER = 'Refresh-Token-Transport';

export type Transport = 'cookie' | 'body';

export const transportOf = (ctx: Context): Transport => {
  const asked = ctx.get(TRANSPORT_HEADER).trim().toLowerCase();
  if (asked === '') return 'cookie';
  if (asked === 'body') return 'body';
  throw new HttpError(400, `${TRANSPORT_HEADER} must be 'body' (or absent, for the cookie)`);
};

const BOTH = 'Send the refresh token in the cookie or in the body, not both';

/**
 * The refresh token a refresh presents: in the body under body transport, else in the cookie.
 * Both at once are refused (which one would be meant?), and so is a body token without the header.
 */
export const presentedRefreshToken = (ctx: Context, transport: Transport): string => {
  const { token } = decodeOrThrow(RefreshTokenBody, ctx.request.body ?? {});
  const cookie = readRefreshCookie(ctx);
  if (token !== undefined && cookie !== undefined) throw new HttpError(400, BOTH);
  if (token !== undefined && transport === 'cookie') {
    throw new HttpError(400, `A refresh token in the body needs the header ${TRANSPORT_HEADER}: body`);
  }
  const presented = token ?? cookie;
  if (presented === undefined) throw new HttpError(400, 'Token is required');
  return presented;
};

/** Under body transport a logout names its token in the body: a cookie as well is refused, as for a refresh. */
export const refuseCookieUnderBodyTransport = (ctx: Context, transport: Transport): void => {
  if (transport === 'body' && readRefreshCookie(ctx) !== undefined) throw new HttpError(400, BOTH);
};
