import Router from '@koa/router';
import Koa from 'koa';

/**
 * The verify ceiling: a bare Koa route at the same path, answering the same JSON, with no
 * middleware, no token check and no store: what Koa alone costs on this machine.
 */
export const ceilingApp = (body: Readonly<Record<string, unknown>>): Koa => {
  const app = new Koa();
  const router = new Router();
  router.get('/users/:id', (ctx) => {
    ctx.body = body;
  });
  app.use(router.routes());
  return app;
};
