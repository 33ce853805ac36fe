import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RouterMiddleware } from '@koa/router';
import type { Middleware } from 'koa';
import { koaSwagger } from 'koa2-swagger-ui';
import { swaggerUiPolicy } from './security-headers';

/**
 * Swagger UI's files come from the swagger-ui-dist package and are served from here, not from
 * koa2-swagger-ui's default CDN: the page then works without outside network, tells no third
 * party who reads the docs, and its CSP names no other origin. The folder is found through
 * package.json, so the 1.7 MB browser bundle is never loaded into Node.
 */
const DIST = dirname(require.resolve('swagger-ui-dist/package.json'));
const VERSION = (JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8')) as { version: string }).version;

/** Versioned, so the files can be cached for good. */
const ASSETS_ROOT = '/api-docs/assets';
export const SWAGGER_UI_ASSETS_PATH = `${ASSETS_ROOT}/${VERSION}`;
export const SWAGGER_UI_ASSET_ROUTE = `${ASSETS_ROOT}/:version/:file`;

/** The only files served: what koa2-swagger-ui's page asks for (its `.min.css` ships as `swagger-ui.css`). */
const ASSETS: ReadonlyMap<string, Readonly<{ file: string; type: string }>> = new Map([
  ['swagger-ui-bundle.js', { file: 'swagger-ui-bundle.js', type: 'application/javascript; charset=utf-8' }],
  ['swagger-ui-standalone-preset.js', { file: 'swagger-ui-standalone-preset.js', type: 'application/javascript; charset=utf-8' }],
  ['swagger-ui.min.css', { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' }],
  ['favicon-32x32.png', { file: 'favicon-32x32.png', type: 'image/png' }],
]);

/** The template's Google Fonts stylesheet: an outside origin; the page falls back to system fonts. */
const OUTSIDE_FONTS = /<link[^>]*href="https:\/\/fonts\.googleapis\.com[^>]*>\s*/g;
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

type RenderedPage = Readonly<{ html: string; policy: string }>;

/**
 * The Swagger UI page for the document at `documentUrl`, with a CSP that allows its inline
 * bootstrap script by hash. Rendered on the first request, then served as is.
 */
export const swaggerUiPage = (documentUrl: string): Middleware => {
  const render = koaSwagger({
    routePrefix: false,
    hideTopbar: true,
    swaggerCdnUrl: ASSETS_ROOT,
    swaggerVersion: VERSION,
    favicon: `${SWAGGER_UI_ASSETS_PATH}/favicon-32x32.png`,
    // validatorUrl null: no badge fetched from validator.swagger.io
    swaggerOptions: { url: documentUrl, validatorUrl: null },
  });
  let page: RenderedPage | undefined;
  return async (ctx, next) => {
    if (page === undefined) {
      await render(ctx, next);
      const html = String(ctx.body).replace(OUTSIDE_FONTS, '');
      page = { html, policy: swaggerUiPolicy([...html.matchAll(INLINE_SCRIPT)].map((match) => match[1] ?? '')) };
    }
    ctx.type = 'text/html';
    ctx.body = page.html;
    ctx.set('Content-Security-Policy', page.policy);
  };
};

/** GET SWAGGER_UI_ASSET_ROUTE: a listed file of this version, or on to the 404. */
export const swaggerUiAsset: RouterMiddleware = async (ctx, next) => {
  const asset = ctx.params.version === VERSION ? ASSETS.get(ctx.params.file ?? '') : undefined;
  if (asset === undefined) return next();
  ctx.type = asset.type;
  ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
  ctx.body = createReadStream(join(DIST, asset.file));
};
