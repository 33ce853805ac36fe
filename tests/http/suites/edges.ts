import { expect } from 'chai';
import { login, type StoreFactory, useTestApp } from './harness';

export const edgesSuite = (makeStores: StoreFactory): void => {
  describe('CORS, documentation, probes and unknown routes', () => {
    const app = useTestApp(makeStores);

    it('lets the configured origin call with credentials', async () => {
      const response = await app().api.post('/users/authenticate', {
        json: { username: 'test', password: 'test' },
        headers: { Origin: 'http://localhost:4200' },
      });
      expect(response.headers.get('access-control-allow-origin')).to.equal('http://localhost:4200');
      expect(response.headers.get('access-control-allow-credentials')).to.equal('true');
    });

    it('gives any other origin no CORS headers, on requests and preflights', async () => {
      const evil = { Origin: 'https://evil.example' };
      const simple = await app().api.get('/health', { headers: evil });
      expect(simple.headers.get('access-control-allow-origin')).to.equal(null);
      const preflight = await fetch(`${app().api.baseUrl}/users/refresh-token`, {
        method: 'OPTIONS',
        headers: { ...evil, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
      expect(preflight.headers.get('access-control-allow-credentials')).to.equal(null);
    });

    it('serves Swagger UI at /api-docs and the document at /openapi.yaml', async () => {
      const ui = await app().api.get('/api-docs');
      expect(ui.status).to.equal(200);
      expect(ui.text).to.include('swagger');
      const document = await app().api.get('/openapi.yaml');
      expect(document.text).to.match(/^openapi: 3\./);
    });

    it('answers /health and /ready', async () => {
      expect((await app().api.get('/health')).body).to.deep.equal({ status: 'ok' });
      expect((await app().api.get('/ready')).body).to.deep.equal({ status: 'ready', checks: { store: 'up' } });
    });

    it('answers an unknown route with a JSON 404 (plain fetch: the route is, by definition, undocumented)', async () => {
      const response = await fetch(`${app().api.baseUrl}/nowhere`);
      expect(response.status).to.equal(404);
      expect(await response.json()).to.deep.equal({ message: 'Not found' });
    });

    it('takes the client IP from X-Forwarded-For only when TRUST_PROXY is set', async () => {
      const session = await login(app().api);
      await app().api.post('/users/refresh-token', {
        cookie: session.cookie?.value ?? '',
        headers: { 'X-Forwarded-For': '203.0.113.9' },
      });
      const [, rotated] = await app().stores.tokens.listByUser(session.body.id);
      expect(rotated?.toProps().createdByIp).to.equal('127.0.0.1');
    });
  });
};
