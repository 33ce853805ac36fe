import Router from '@koa/router';

/** What each dependency answered: `store` always, others (e.g. `redis`) when configured. */
export type Readiness = Readonly<{ ready: boolean; checks: Readonly<Record<string, 'up' | 'down'>> }>;

/**
 * For orchestrators: /health says the process answers, /ready that a request can be served
 * (the store answers), with what each dependency said and what the store is. The answer may be
 * a second or two old: probes must not become load on the store.
 */
export const probeRoutes = (readiness: () => Promise<Readiness>, topology: string): Router => {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    const { ready, checks } = await readiness().catch((): Readiness => ({ ready: false, checks: { store: 'down' } }));
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable', checks, topology };
  });
  return router;
};
