import Router from '@koa/router';
import { CreateUserBody, decodeOrThrow, PageQuery } from '../codecs';
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
    const { limit, cursor } = decodeOrThrow(PageQuery, { limit: ctx.query.limit, cursor: ctx.query.cursor });
    const page = unwrap(
      await useCases.listRefreshTokens.execute({
        actor: principalOf(ctx).actor,
        userId: ctx.params.id ?? '',
        page: cursor === undefined ? { limit } : { limit, after: cursor },
      }),
    );
    // The body stays the tutorial's array; the next page, if any, is a Link (RFC 8288).
    if (page.next !== undefined) ctx.set('Link', `<${ctx.path}?limit=${limit}&cursor=${page.next}>; rel="next"`);
    ctx.body = page.items.map(refreshTokenView);
  });

  return router;
};
