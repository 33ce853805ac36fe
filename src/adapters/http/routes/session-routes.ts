import Router from '@koa/router';
import { isLeft } from 'fp-ts/Either';
import type { Context } from 'koa';
import type { Session } from '../../../application/session';
import type { RevokeTarget } from '../../../application/use-cases/revoke-token';
import { clientIp, userAgentOf } from '../client-info';
import { AuthenticateBody, decodeOrThrow, RevokeTokenBody } from '../codecs';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from '../cookies';
import { HttpError } from '../error-responses';
import type { HttpSettings } from '../http-settings';
import { sessionView } from '../presenters';
import { principalOf, requirePrincipal } from '../require-principal';
import type { UseCaseSet } from '../use-case-set';
import { unwrap } from '../unwrap';

const revokeTarget = (ctx: Context): RevokeTarget => {
  const { token, id } = decodeOrThrow(RevokeTokenBody, ctx.request.body ?? {});
  if (token !== undefined && id !== undefined) throw new HttpError(400, 'Validation error: give token or id, not both');
  if (id !== undefined) return { by: 'id', id };
  const secret = token ?? readRefreshCookie(ctx);
  if (secret === undefined) throw new HttpError(400, 'Token is required');
  return { by: 'secret', secret };
};

/** Login, refresh and logout: the routes that hand out or take back refresh tokens. */
export const sessionRoutes = (useCases: UseCaseSet, settings: HttpSettings): Router => {
  const router = new Router({ prefix: '/users' });

  const answerWithSession = (ctx: Context, session: Session): void => {
    setRefreshCookie(ctx, session.refreshToken.value, session.refreshToken.expires, settings.cookie);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = sessionView(session);
  };

  router.post('/authenticate', async (ctx) => {
    const { username, password } = decodeOrThrow(AuthenticateBody, ctx.request.body);
    const session = await useCases.authenticate.execute({ username, password, ip: clientIp(ctx), ...userAgentOf(ctx) });
    if (isLeft(session) && (session.left._tag === 'LoginThrottled' || session.left._tag === 'ServiceBusy')) {
      ctx.set('Retry-After', String(session.left.retryAfterSeconds));
    }
    answerWithSession(ctx, unwrap(session));
  });

  router.post('/refresh-token', async (ctx) => {
    const token = readRefreshCookie(ctx);
    if (token === undefined) throw new HttpError(400, 'Token is required');
    const session = await useCases.refreshSession.execute({ token, ip: clientIp(ctx), ...userAgentOf(ctx) });
    answerWithSession(ctx, unwrap(session));
  });

  router.post('/revoke-token', requirePrincipal(useCases), async (ctx) => {
    const callerSecret = readRefreshCookie(ctx);
    const result = await useCases.revokeToken.execute({
      actor: principalOf(ctx).user,
      target: revokeTarget(ctx),
      ip: clientIp(ctx),
      ...(callerSecret === undefined ? {} : { callerSecret }),
    });
    if (unwrap(result).revokedCallerToken) clearRefreshCookie(ctx, settings.cookie);
    ctx.body = { message: 'Token revoked' };
  });

  return router;
};
