import type { Context } from 'koa';
import { HttpError } from './error-responses';
import type { HttpSettings } from './http-settings';

export const REFRESH_COOKIE = 'refreshToken';
/** Sent only to the routes that need it, never to the rest of the site. */
const COOKIE_PATH = '/users';
const EPOCH = new Date(0);

const serialize = (value: string, expires: Date, settings: HttpSettings['cookie']): string =>
  [
    `${REFRESH_COOKIE}=${value}`,
    `Path=${COOKIE_PATH}`,
    `Expires=${expires.toUTCString()}`,
    'HttpOnly',
    `SameSite=${settings.sameSite}`,
    ...(settings.secure ? ['Secure'] : []),
  ].join('; ');

/**
 * The header is written by hand: Koa's cookie jar refuses Secure cookies on a plain-HTTP
 * hop, which is exactly what a TLS-terminating proxy in front of us looks like.
 */
export const setRefreshCookie = (ctx: Context, value: string, expires: Date, settings: HttpSettings['cookie']): void => {
  ctx.append('Set-Cookie', serialize(value, expires, settings));
};

export const clearRefreshCookie = (ctx: Context, settings: HttpSettings['cookie']): void => {
  ctx.append('Set-Cookie', serialize('', EPOCH, settings));
};

/** Node joins repeated Cookie headers with '; ', so this sees every pair the client sent. */
const countOf = (name: string, cookieHeader: string): number =>
  cookieHeader.split(';').filter((pair) => pair.split('=', 1)[0]?.trim() === name).length;

/**
 * The refresh cookie, if any. Two of them are refused rather than one picked: a sibling
 * subdomain can plant a `refreshToken` cookie for our path, and the browser would send it
 * alongside (even before) the real one.
 */
export const readRefreshCookie = (ctx: Context): string | undefined => {
  if (countOf(REFRESH_COOKIE, ctx.get('Cookie')) > 1) {
    throw new HttpError(400, 'More than one refreshToken cookie: refusing to guess which one is yours');
  }
  return ctx.cookies.get(REFRESH_COOKIE) || undefined;
};
