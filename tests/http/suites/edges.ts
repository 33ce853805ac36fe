import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { login, refreshCookieOf, type StoreFactory, useTestApp } from './harness';

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

    it('answers /health, and /ready with the store topology seen at start-up', async () => {
      expect((await app().api.get('/health')).body).to.deep.equal({ status: 'ok' });
      expect((await app().api.get('/ready')).body).to.deep.equal({ status: 'ready', checks: { store: 'up' }, topology: app().stores.topology });
    });

    it('answers an unknown route with a JSON 404 (plain fetch: the route is, by definition, undocumented)', async () => {
      const response = await fetch(`${app().api.baseUrl}/nowhere`);
      expect(response.status).to.equal(404);
      expect(await response.json()).to.deep.equal({ message: 'Not found' });
    });

    it('reads a gzip, deflate or br body that decompresses', async () => {
      const json = Buffer.from(JSON.stringify({ username: 'test', password: 'test' }));
      const encoded = { gzip: gzipSync(json), deflate: deflateSync(json), br: brotliCompressSync(json) };
      for (const [encoding, body] of Object.entries(encoded)) {
        const response = await app().api.post('/users/authenticate', {
          rawBody: body,
          headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
        });
        expect(response.status, encoding).to.equal(200);
      }
    });

    it('answers 400, not 500, to a gzip, deflate or br body that does not decompress', async () => {
      for (const encoding of ['gzip', 'deflate', 'br', 'GZIP']) {
        const response = await app().api.post('/users/authenticate', {
          rawBody: '{"username":"test","password":"test"}',
          headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
        });
        expect(response.status, encoding).to.equal(400);
        expect(response.body).to.deep.equal({ message: 'Request body could not be decoded as its Content-Encoding says' });
      }
      expect(app().logLines().filter((line) => line.msg === 'unhandled error')).to.deep.equal([]);
    });

    it('answers 413 to a small gzip body that decompresses past 16 KiB', async () => {
      const bomb = gzipSync(Buffer.from(JSON.stringify({ username: 'u'.repeat(1024 * 1024), password: 'p' })));
      expect(bomb.length).to.be.below(16 * 1024);
      const response = await app().api.post('/users/authenticate', {
        rawBody: bomb,
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      });
      expect(response.status).to.equal(413);
    });

    it('answers 415 to a JSON body declared in any charset but UTF-8 (RFC 8259)', async () => {
      const rawBody = JSON.stringify({ username: 'test', password: 'test' });
      for (const charset of ['bogus', 'latin1', 'utf-16', 'iso-8859-1']) {
        const response = await app().api.post('/users/authenticate', {
          rawBody,
          headers: { 'Content-Type': `application/json; charset=${charset}` },
        });
        expect(response.status, charset).to.equal(415);
        expect(response.body).to.deep.equal({ message: 'Unsupported charset: JSON request bodies must be UTF-8' });
      }
      for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
        const response = await app().api.post('/users/authenticate', {
          rawBody,
          headers: { 'Content-Type': `application/json; charset=${charset}` },
        });
        expect(response.status, charset).to.equal(200);
      }
    });

    describe('two refreshToken cookies (one may be planted from a sibling subdomain)', () => {
      const AMBIGUOUS = { message: 'More than one refreshToken cookie: refusing to guess which one is yours' };
      const planted = 'a'.repeat(80);

      it('refuses a refresh with 400, whichever comes first, and leaves the real token usable', async () => {
        const session = await login(app().api);
        const real = refreshCookieOf(session);
        for (const Cookie of [`refreshToken=${planted}; refreshToken=${real}`, `refreshToken=${real}; other=1; refreshToken=${planted}`]) {
          const response = await app().api.post('/users/refresh-token', { headers: { Cookie } });
          expect(response.status, Cookie).to.equal(400);
          expect(response.body).to.deep.equal(AMBIGUOUS);
          expect(response.cookie).to.equal(undefined);
        }
        expect((await app().api.post('/users/refresh-token', { cookie: real })).status).to.equal(200);
      });

      it('refuses a logout with 400 and revokes nothing', async () => {
        const session = await login(app().api);
        const real = refreshCookieOf(session);
        const response = await app().api.post('/users/revoke-token', {
          bearer: session.body.jwtToken,
          headers: { Cookie: `refreshToken=${real}; refreshToken=${planted}` },
        });
        expect(response.status).to.equal(400);
        expect(response.body).to.deep.equal(AMBIGUOUS);
        const [token] = await app().stores.tokens.allOfUser(session.body.id);
        expect(token?.revokedReason).to.equal(undefined);
      });
    });

    it('takes the client IP from X-Forwarded-For only when TRUST_PROXY is set', async () => {
      const session = await login(app().api);
      await app().api.post('/users/refresh-token', {
        cookie: session.cookie?.value ?? '',
        headers: { 'X-Forwarded-For': '203.0.113.9' },
      });
      const [, rotated] = await app().stores.tokens.allOfUser(session.body.id);
      expect(rotated?.toProps().createdByIp).to.equal('127.0.0.1');
    });
  });
};
