import Router from '@koa/router';
import { koaSwagger } from 'koa2-swagger-ui';

/** The OpenAPI document, raw at /openapi.yaml and rendered by Swagger UI at /api-docs. */
export const docsRoutes = (openApiDocument: string): Router => {
  const router = new Router();
  router.get('/openapi.yaml', (ctx) => {
    ctx.type = 'application/yaml';
    ctx.body = openApiDocument;
  });
  router.get('/api-docs', koaSwagger({ routePrefix: false, swaggerOptions: { url: '/openapi.yaml' }, hideTopbar: true }));
  return router;
};
