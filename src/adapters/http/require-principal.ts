import type { Context, Next } from 'koa';
import type { AuthorizeRequest, Principal } from '../../application/use-cases/authorize-request';
import { unauthenticated } from '../../domain/errors';
import { HttpError } from './error-responses';
import { unwrap } from './unwrap';

export type AuthState = { principal: Principal };

/** The auth scheme is case-insensitive (RFC 7235 §2.1): `bearer` and `BEARER` are Bearer too. */
const BEARER = /^Bearer +([A-Za-z0-9\-_.]+)$/i;

/** Lets a request through only with a valid access token; the caller lands in ctx.state.principal. */
export const requirePrincipal =
  (authorizeRequest: Pick<AuthorizeRequest, 'execute'>) =>
  async (ctx: Context, next: Next): Promise<void> => {
    const match = BEARER.exec(ctx.get('Authorization'));
    if (match?.[1] === undefined) throw HttpError.from(unauthenticated);
    (ctx.state as AuthState).principal = unwrap(await authorizeRequest.execute({ accessToken: match[1] }));
    await next();
  };

export const principalOf = (ctx: Context): Principal => (ctx.state as AuthState).principal;
