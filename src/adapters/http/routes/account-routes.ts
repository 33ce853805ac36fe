import Router from '@koa/router';
import type { Context } from 'koa';
import { clientIp } from '../client-info';
import { ChangePasswordBody, decodeOrThrow } from '../codecs';
import { liveSessionView } from '../presenters';
import { principalOf, requirePrincipal } from '../require-principal';
import type { UseCaseSet } from '../use-case-set';
import { unwrap } from '../unwrap';

/** The caller, the account in the path and the caller's own session: what every route here needs. */
const callOf = (ctx: Context) => {
  const { actor, sessionId } = principalOf(ctx);
  return { actor, userId: ctx.params.id ?? '', callerSessionId: sessionId, ip: clientIp(ctx) };
};

/** What a user manages of their own account (an admin of anyone's): sessions by device, and the password. */
export const accountRoutes = (useCases: UseCaseSet): Router => {
  const router = new Router({ prefix: '/users/:id' });
  const signedIn = requirePrincipal(useCases.authorizeRequest);

  router.get('/sessions', signedIn, async (ctx) => {
    const { actor, userId, callerSessionId } = callOf(ctx);
    const sessions = unwrap(await useCases.listSessions.execute({ actor, userId, callerSessionId }));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = sessions.map(liveSessionView);
  });

  router.delete('/sessions/:sessionId', signedIn, async (ctx) => {
    const { actor, userId, ip } = callOf(ctx);
    unwrap(await useCases.endSession.execute({ actor, userId, sessionId: ctx.params.sessionId ?? '', ip }));
    ctx.status = 204;
  });

  router.post('/sessions/revoke-others', signedIn, async (ctx) => {
    const { revokedSessions } = unwrap(await useCases.revokeOtherSessions.execute(callOf(ctx)));
    ctx.body = { message: 'Other sessions revoked', revokedSessions };
  });

  router.post('/password', signedIn, async (ctx) => {
    const { currentPassword, newPassword } = decodeOrThrow(ChangePasswordBody, ctx.request.body);
    const call = callOf(ctx);
    unwrap(await useCases.changePassword.execute({ ...call, newPassword, ...(currentPassword === undefined ? {} : { currentPassword }) }));
    ctx.status = 204;
  });

  return router;
};
