import type { Context, Next } from 'koa';
import type { Principal } from '../../application/use-cases/authorize-request';
import { HttpError } from './error-responses';
import type { UseCaseSet } from './use-case-set';
import { unwrap } from './unwrap';

export type AuthState = { principal: Principal };

/** The auth scheme is case-insensitive (RFC 7235 §2.1): `bearer` and `BEARER` are Bearer too. */
const BEARER = /^Bearer +([A-Za-z0-9\-_.]+)$/i;

/** Lets a request through only with a valid access token; the caller lands in ctx.state.principal. */
export const requirePrincipal =
  (useCases: UseCaseSet) =>
  async (ctx: Context, next: Next): Promise<void> => {
    const match = BEARER.exec(ctx.get('Authorization'));
    if (match?.[1] === undefined) throw new HttpError(401, 'Unauthorized');
    (ctx.state as AuthState).principal = unwrap(await useCases.authorizeRequest.execute({ accessToken: match[1] }));
    await next();
  };

export const principalOf = (ctx: Context): Principal => (ctx.state as AuthState).principal;
