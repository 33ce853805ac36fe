import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConfig } from '../../src/main/config';
import { createLogger } from '../../src/main/logger';
import { OPENAPI_PATH } from '../../src/main/openapi-document';
import { createService } from '../../src/main/service';
import { memoryStores } from '../../src/main/stores';
import { assertMatchesOpenApi, OpenApiContractError } from '../support/openapi-contract';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const USER_ID = '64ab12e197e06a76ccdefc12';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiI2NGFiIn0.c2lnbmF0dXJl';
const COOKIE = `refreshToken=${'ab'.repeat(40)}; Path=/users; Expires=Fri, 04 Dec 2026 23:07:19 GMT; HttpOnly; SameSite=Strict`;
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

const user = { id: USER_ID, firstName: 'Test', lastName: 'User', username: 'test', role: 'Admin' };
const session = { ...user, jwtToken: JWT };
const activeToken = {
  id: '64ab12e197e06a76ccdefc13',
  created: '2026-11-27T23:07:24.550Z',
  createdByIp: '127.0.0.1',
  userAgent: null,
  expires: '2026-12-04T23:07:24.550Z',
  revoked: null,
  revokedByIp: null,
  revokedReason: null,
  replacedBy: null,
  isExpired: false,
  isActive: true,
};
const rotatedToken = {
  ...activeToken,
  id: '64ab12e197e06a76ccdefc14',
  userAgent: 'curl/8.0',
  revoked: '2026-11-27T23:08:00.000Z',
  revokedByIp: '::1',
  revokedReason: 'rotated',
  replacedBy: activeToken.id,
  isActive: false,
};

type Fake = { method: string; path: string; status: number; headers: Headers; body: unknown };

const fake = (
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = JSON_TYPE,
): Fake => ({ method, path, status, headers: new Headers(headers), body });

const tokenListing = (body: unknown): Fake => fake('GET', `/users/${USER_ID}/refresh-tokens`, 200, body);

const login = (body: unknown = session, headers: Record<string, string> = {}): Fake =>
  fake('POST', '/users/authenticate', 200, body, { ...JSON_TYPE, 'set-cookie': COOKIE, 'cache-control': 'no-store', ...headers });

const unauthorized = { ...JSON_TYPE, 'www-authenticate': 'Bearer' };

const rejects = (response: Fake, reason: RegExp): void => {
  expect(() => assertMatchesOpenApi(response)).to.throw(OpenApiContractError, reason);
};

describe('openapi.yaml', () => {
  const source = readFileSync(OPENAPI_PATH, 'utf8');

  describe('the document', () => {
    let resolved: Json;

    before(async () => {
      const validator = new Validator();
      const result = await validator.validate(source);
      expect(result.errors, JSON.stringify(result.errors, null, 2)).to.equal(undefined);
      expect(result.valid).to.equal(true);
      expect(validator.version).to.equal('3.0');
      resolved = validator.resolveRefs();
    });

    const operations = (): { name: string; operation: Json }[] =>
      Object.entries(resolved.paths as Record<string, Json>).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.includes(method))
          .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation: operation as Json })),
      );

    it('is valid OpenAPI 3.0 (checked against the official schema, every $ref resolving)', () => {
      expect(parse(source)).to.have.property('openapi', '3.0.3');
    });

    it('documents exactly the routes the Koa app serves', async () => {
      const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'contract-test-secret-of-at-least-32-chars' });
      const service = await createService(config, { logger: createLogger('silent'), stores: memoryStores() });
      await service.close();
      const served = service.app.middleware
        .flatMap((middleware) => (middleware as { router?: Router }).router?.stack ?? [])
        .flatMap((layer) => {
          const templated = String(layer.path).replace(/:(\w+)/g, '{$1}');
          return layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${templated}`);
        });
      expect(served).to.have.length.above(0);
      expect([...new Set(served)].sort()).to.deep.equal(operations().map(({ name }) => name).sort());
    });

    it('gives every operation an operationId and a 500 answer', () => {
      for (const { name, operation } of operations()) {
        expect(operation.operationId, name).to.be.a('string');
        expect(operation.responses, name).to.have.property('500');
      }
    });

    it('documents 413 and 415 wherever the server parses a request body (every POST)', () => {
      for (const { name, operation } of operations().filter(({ name }) => name.startsWith('POST '))) {
        expect(operation.responses, name).to.include.keys('413', '415');
      }
    });

    it('documents 401 with WWW-Authenticate on every operation that needs a bearer token', () => {
      const secured = operations().filter(({ operation }) => Array.isArray(operation.security));
      expect(secured.map(({ name }) => name)).to.include.members(['GET /users', 'POST /users', 'POST /users/revoke-token']);
      for (const { name, operation } of secured) {
        const unauthorizedResponse = (operation.responses as Record<string, Json>)['401'];
        expect(unauthorizedResponse, name).to.not.equal(undefined);
        expect(unauthorizedResponse?.headers, name).to.have.property('WWW-Authenticate');
      }
    });

    it('describes every 4xx and 500 answer as a closed { message } object', () => {
      for (const { name, operation } of operations()) {
        for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
          if (!(status.startsWith('4') || status === '500')) continue;
          const content = response.content as Record<string, { schema: Json }>;
          expect(Object.keys(content), `${name} ${status}`).to.deep.equal(['application/json']);
          const schema = content['application/json']?.schema;
          expect(schema?.required, `${name} ${status}`).to.deep.equal(['message']);
          expect(schema?.additionalProperties, `${name} ${status}`).to.equal(false);
        }
      }
    });
  });

  describe('assertMatchesOpenApi', () => {
    describe('accepts what the document describes', () => {
      it('a login with its cookie, no-store header and session body', () => {
        expect(() => assertMatchesOpenApi(login())).to.not.throw();
      });

      it('a refresh-token listing on a concrete user id, with null and non-null nullable fields', () => {
        expect(() => assertMatchesOpenApi(tokenListing([activeToken, rotatedToken]))).to.not.throw();
      });

      it('a user on /users/{id}, ignoring a query string', () => {
        expect(() => assertMatchesOpenApi(fake('GET', `/users/${USER_ID}?fields=all`, 200, user))).to.not.throw();
      });

      it('documented errors: 401 with WWW-Authenticate, 409, 413 and 429 with Retry-After', () => {
        const denied = fake('GET', '/users', 401, { message: 'Unauthorized' }, unauthorized);
        expect(() => assertMatchesOpenApi(denied)).to.not.throw();
        const taken = fake('POST', '/users', 409, { message: "Username 'test' is already taken" });
        expect(() => assertMatchesOpenApi(taken)).to.not.throw();
        const tooLarge = fake('POST', '/users/authenticate', 413, { message: 'Request body too large (limit 16 KiB)' });
        expect(() => assertMatchesOpenApi(tooLarge)).to.not.throw();
        const throttled = fake('POST', '/users/authenticate', 429, { message: 'Too many attempts' }, {
          ...JSON_TYPE,
          'retry-after': '840',
        });
        expect(() => assertMatchesOpenApi(throttled)).to.not.throw();
      });

      it('a revocation that clears the cookie, and the probes', () => {
        const cleared = 'refreshToken=; Path=/users; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict';
        const headers = { ...JSON_TYPE, 'set-cookie': cleared };
        const revoked = fake('POST', '/users/revoke-token', 200, { message: 'Token revoked' }, headers);
        expect(() => assertMatchesOpenApi(revoked)).to.not.throw();
        expect(() => assertMatchesOpenApi(fake('GET', '/health', 200, { status: 'ok' }))).to.not.throw();
        expect(() => assertMatchesOpenApi(fake('GET', '/ready', 503, { status: 'unavailable', checks: { store: 'down' } }))).to.not.throw();
      });

      it('non-JSON answers by content type only', () => {
        const yaml = fake('GET', '/openapi.yaml', 200, source, { 'content-type': 'application/yaml' });
        expect(() => assertMatchesOpenApi(yaml)).to.not.throw();
        const html = fake('GET', '/api-docs', 200, '<!DOCTYPE html>', { 'content-type': 'text/html; charset=utf-8' });
        expect(() => assertMatchesOpenApi(html)).to.not.throw();
      });
    });

    describe('throws on drift', () => {
      it('an undocumented status', () => {
        rejects(fake('GET', '/health', 404, { message: 'Not found' }), /404: status not documented for health/);
        rejects(fake('POST', '/users/refresh-token', 401, { message: 'Unauthorized' }, unauthorized), /status not documented/);
      });

      it('an extra property on a fixed-shape body', () => {
        const withHash = { ...user, passwordHash: '$2b$10$x' };
        rejects(fake('GET', `/users/${USER_ID}`, 200, withHash), /undocumented property 'passwordHash'/);
        const withStack = { message: 'Unauthorized', stack: 'Error: …' };
        rejects(fake('GET', '/users', 401, withStack, unauthorized), /undocumented property 'stack'/);
        const withSecret = { ...activeToken, token: 'ab'.repeat(40) };
        rejects(tokenListing([withSecret]), /body\/0 has undocumented property 'token'/);
      });

      it('a missing required field', () => {
        const { jwtToken: _dropped, ...withoutToken } = session;
        rejects(login(withoutToken), /lacks required property 'jwtToken'/);
        const { revokedReason: _reason, ...withoutReason } = activeToken;
        rejects(tokenListing([withoutReason]), /lacks required property 'revokedReason'/);
      });

      it('a wrong type or value', () => {
        rejects(tokenListing([{ ...activeToken, isActive: 'yes' }]), /body\/0\/isActive must be boolean/);
        rejects(tokenListing([{ ...rotatedToken, revokedReason: 'stolen' }]), /revokedReason must be equal to one of/);
        rejects(tokenListing([{ ...activeToken, created: 'yesterday' }]), /created must match format "date-time"/);
        rejects(fake('GET', '/users', 200, user), /body must be array/);
        rejects(fake('GET', `/users/${USER_ID}`, 200, { ...user, role: 'Root' }), /role must be equal to one of the allowed values/);
      });

      it('an unknown path, or a method the path does not document', () => {
        rejects(fake('GET', '/nowhere', 404, { message: 'Not found' }), /GET \/nowhere → 404: no documented path matches/);
        rejects(fake('GET', `/users/${USER_ID}/devices`, 404, { message: 'Not found' }), /no documented path matches/);
        const put = fake('PUT', '/users', 405, { message: 'Method Not Allowed' });
        rejects(put, /method not documented for this path \(documented: GET, POST\)/);
      });

      it('a missing or malformed documented header', () => {
        rejects(fake('GET', '/users', 401, { message: 'Unauthorized' }), /required header WWW-Authenticate is missing/);
        rejects(login(session, { 'cache-control': 'max-age=60' }), /headers do not match/);
        rejects(login(session, { 'set-cookie': `refreshToken=${'ab'.repeat(40)}; Path=/` }), /headers do not match/);
        const throttled = { message: 'Too many attempts' };
        rejects(fake('POST', '/users/authenticate', 429, throttled), /required header Retry-After is missing/);
        const vague = { ...JSON_TYPE, 'retry-after': 'soon' };
        rejects(fake('POST', '/users/authenticate', 429, throttled, vague), /headers do not match/);
      });

      it('an undocumented content type', () => {
        const text = fake('GET', '/health', 200, 'ok', { 'content-type': 'text/plain' });
        rejects(text, /content type 'text\/plain' is not documented/);
        rejects(fake('GET', '/openapi.yaml', 200, '{}', JSON_TYPE), /content type 'application\/json' is not documented/);
      });
    });
  });
});
