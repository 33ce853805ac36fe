import Router from '@koa/router';
import { CreateUserBody, decodeOrThrow } from '../codecs';
import { refreshTokenView, userView } from '../presenters';
import { principalOf, requirePrincipal } from '../require-principal';
import type { UseCaseSet } from '../use-case-set';
import { unwrap } from '../unwrap';

/** Reading and creating users, and listing a user's sessions. */
export const userRoutes = (useCases: UseCaseSet): Router => {
  const router = new Router({ prefix: '/users' });
  const signedIn = requirePrincipal(useCases.authorizeRequest);

  router.get('/', signedIn, async (ctx) => {
    const users = unwrap(await useCases.listUsers.execute({ actor: principalOf(ctx).actor }));
    ctx.body = users.map(userView);
  });

  router.post('/', signedIn, async (ctx) => {
    const input = decodeOrThrow(CreateUserBody, ctx.request.body);
    const user = unwrap(await useCases.createUser.execute({ actor: principalOf(ctx).actor, ...input }));
    ctx.status = 201;
    ctx.body = userView(user);
  });

  router.get('/:id', signedIn, async (ctx) => {
    const user = unwrap(await useCases.getUser.execute({ actor: principalOf(ctx).actor, id: ctx.params.id ?? '' }));
    ctx.body = userView(user);
  });

  router.get('/:id/refresh-tokens', signedIn, async (ctx) => {
    const tokens = unwrap(
      await useCases.listRefreshTokens.execute({ actor: principalOf(ctx).actor, userId: ctx.params.id ?? '' }),
    );
    ctx.body = tokens.map(refreshTokenView);
  });

  return router;
};
