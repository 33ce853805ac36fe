import Router from '@koa/router';
import type { Context } from 'koa';
import type { Session } from '../../../application/session';
import type { RevokeTarget } from '../../../application/use-cases/revoke-token';
import { clientIp, userAgentOf } from '../client-info';
import { AuthenticateBody, decodeOrThrow, RevokeTokenBody } from '../codecs';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from '../cookies';
import { HttpError } from '../error-responses';
import type { HttpSettings } from '../http-settings';
import { refreshTokenInBody, sessionView } from '../presenters';
import { presentedRefreshToken, refuseCookieUnderBodyTransport, type Transport, transportOf } from '../token-transport';
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

  /** The new refresh token in the HttpOnly cookie, or for a client that asked, in the body (and no cookie). */
  const answerWithSession = (ctx: Context, session: Session, transport: Transport): void => {
    ctx.set('Cache-Control', 'no-store');
    if (transport === 'body') {
      ctx.body = { ...sessionView(session), ...refreshTokenInBody(session) };
      return;
    }
    setRefreshCookie(ctx, session.refreshToken.value, session.refreshToken.expires, settings.cookie);
    ctx.body = sessionView(session);
  };

  router.post('/authenticate', async (ctx) => {
    const transport = transportOf(ctx);
    const { username, password } = decodeOrThrow(AuthenticateBody, ctx.request.body);
    const session = await useCases.authenticate.execute({ username, password, ip: clientIp(ctx), ...userAgentOf(ctx) });
    answerWithSession(ctx, unwrap(session), transport);
  });

  router.post('/refresh-token', async (ctx) => {
    const transport = transportOf(ctx);
    const token = presentedRefreshToken(ctx, transport);
    const session = await useCases.refreshSession.execute({ token, ip: clientIp(ctx), ...userAgentOf(ctx) });
    answerWithSession(ctx, unwrap(session), transport);
  });

  router.post('/revoke-token', requirePrincipal(useCases.authorizeRequest), async (ctx) => {
    refuseCookieUnderBodyTransport(ctx, transportOf(ctx));
    const callerSecret = readRefreshCookie(ctx);
    const result = await useCases.revokeToken.execute({
      actor: principalOf(ctx).actor,
      target: revokeTarget(ctx),
      ip: clientIp(ctx),
      ...(callerSecret === undefined ? {} : { callerSecret }),
    });
    if (unwrap(result).revokedCallerToken) clearRefreshCookie(ctx, settings.cookie);
    ctx.body = { message: 'Token revoked' };
  });

  return router;
};
