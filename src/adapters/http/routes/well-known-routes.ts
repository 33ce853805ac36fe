import Router from '@koa/router';
import type { Context } from 'koa';
import type { GetPublishedKeys } from '../../../application/use-cases/get-published-keys';
import type { Executes } from '../../../domain/lang';
import type { KeyPublication } from '../http-settings';

const JWKS_PATH = '/.well-known/jwks.json';

/** The issuer when it is a URL (as the README asks for verifiers), else the origin this request reached. */
const baseUrlOf = (issuer: string, ctx: Context): string => (/^https?:\/\//i.test(issuer) ? issuer.replace(/\/+$/, '') : `${ctx.protocol}://${ctx.host}`);

/**
 * For verifiers: the public keys (JWKS) and a discovery document that points to them. Only
 * mounted when tokens are signed with published keys (not with HS256).
 */
export const wellKnownRoutes = (getPublishedKeys: Executes<GetPublishedKeys>, publication: KeyPublication): Router => {
  const router = new Router();
  const cacheFor = (ctx: Context): void => void ctx.set('Cache-Control', `public, max-age=${publication.maxAgeSeconds}`);
  router.get(JWKS_PATH, async (ctx) => {
    const keys = (await getPublishedKeys.execute()) ?? [];
    cacheFor(ctx);
    ctx.body = { keys };
  });
  router.get('/.well-known/openid-configuration', (ctx) => {
    cacheFor(ctx);
    ctx.body = { issuer: publication.issuer, jwks_uri: `${baseUrlOf(publication.issuer, ctx)}${JWKS_PATH}` };
  });
  return router;
};
