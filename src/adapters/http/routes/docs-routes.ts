import Router from '@koa/router';
import { SWAGGER_UI_ASSET_ROUTE, swaggerUiAsset, swaggerUiPage } from '../swagger-ui';

/** The OpenAPI document, raw at /openapi.yaml and rendered by Swagger UI at /api-docs. */
export const docsRoutes = (openApiDocument: string): Router => {
  const router = new Router();
  router.get('/openapi.yaml', (ctx) => {
    ctx.type = 'application/yaml';
    ctx.body = openApiDocument;
  });
  router.get('/api-docs', swaggerUiPage('/openapi.yaml'));
  router.get(SWAGGER_UI_ASSET_ROUTE, swaggerUiAsset);
  return router;
};
