import Router from '@koa/router';

/** For orchestrators: /health says the process answers, /ready that its store does too, and what the store is. */
export const probeRoutes = (isReady: () => Promise<boolean>, topology: string): Router => {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    const ready = await isReady().catch(() => false);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable', topology };
  });
  return router;
};
