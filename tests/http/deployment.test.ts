import { CreateUser } from '../../src/application/use-cases/create-user';
import { Actor } from '../../src/domain/actor';
import { expect } from 'chai';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import type { UserRepository } from '../../src/application/ports/user-repository';
import { InMemoryUserRepository } from '../../src/adapters/persistence/memory/in-memory-user-repository';
import type { User } from '../../src/domain/user';
import { memoryStores, type Stores } from '../../src/main/stores';
import { counting } from '../support/counting-proxy';
import { startTestApp, type TestApp } from '../support/test-app';
import { login } from './suites/harness';

describe('HTTP API: deployment settings and failure handling', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('authorizes a request with one user lookup and no token lookup, however many sessions exist', async () => {
    const stores = memoryStores();
    const users = counting<UserRepository>(stores.users);
    const tokens = counting<RefreshTokenRepository>(stores.tokens);
    app = await startTestApp({ stores: { ...stores, users: users.proxy, tokens: tokens.proxy } });
    const sessions = await Promise.all(Array.from({ length: 50 }, () => login(app!.api)));
    await app.housekeepingDone(); // the logins' session limit, kept after their answers
    const { body } = sessions[0]!;
    users.calls.length = 0;
    tokens.calls.length = 0;
    expect((await app.api.get(`/users/${body.id}`, { bearer: body.jwtToken })).status).to.equal(200);
    expect(users.calls).to.deep.equal(['findById']);
    expect(tokens.calls).to.deep.equal([]);
  });

  it('answers an unexpected failure with a bare 500 and logs the stack', async () => {
    class FailingUsers extends InMemoryUserRepository {
      override findByUsername(): Promise<User | null> {
        return Promise.reject(new Error('disk on fire'));
      }
    }
    const broken: Stores = { ...memoryStores(), users: new FailingUsers() };
    app = await startTestApp({ stores: broken });
    const response = await app.api.post('/users/authenticate', { json: { username: 'test', password: 'test' } });
    expect(response.status).to.equal(500);
    expect(response.body).to.deep.equal({ message: 'Internal server error' });
    const logged = app.logLines().find((line) => line.msg === 'unhandled error');
    expect(JSON.stringify(logged)).to.include('disk on fire');
  });

  it('in production: Secure cookie, no test user, no default CORS origin', async () => {
    app = await startTestApp({ env: { NODE_ENV: 'production' } });
    expect(await app.stores.users.count()).to.equal(0);
    expect(app.config.corsOrigins).to.deep.equal([]);
    const admin = await app.service.graph.resolve(CreateUser).execute({
      actor: Actor.operator, firstName: 'A', lastName: 'B', username: 'root', password: 'long-password', role: 'Admin',
    });
    expect(admin._tag).to.equal('Right');
    const response = await login(app.api, 'root', 'long-password');
    expect(response.cookie?.attributes).to.include('Secure');
  });

  it('answers /ready with 503 while the store does not answer, and /health with 200', async () => {
    app = await startTestApp({ stores: { ...memoryStores(), isReady: async () => false } });
    const ready = await app.api.get('/ready');
    expect(ready.status).to.equal(503);
    expect(ready.body).to.deep.equal({ status: 'unavailable', checks: { store: 'down' }, topology: 'embedded' });
    expect((await app.api.get('/health')).status).to.equal(200);
  });

  it('with TRUST_PROXY, records the client IP from X-Forwarded-For', async () => {
    app = await startTestApp({ env: { TRUST_PROXY: 'true' } });
    const response = await app.api.post('/users/authenticate', {
      json: { username: 'test', password: 'test' },
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    const [token] = await app.stores.tokens.allOfUser(response.body.id);
    expect(token?.toProps().createdByIp).to.equal('203.0.113.9');
  });

  describe('behind proxies: the client IP is the one our outermost proxy saw', () => {
    const recordedIp = async (env: Record<string, string>, forwardedFor: string): Promise<string | undefined> => {
      app = await startTestApp({ env: { TRUST_PROXY: 'true', ...env } });
      const response = await app.api.post('/users/authenticate', {
        json: { username: 'test', password: 'test' },
        headers: { 'X-Forwarded-For': forwardedFor },
      });
      expect(response.status).to.equal(200);
      const [token] = await app.stores.tokens.allOfUser(response.body.id);
      return token?.toProps().createdByIp;
    };

    it('ignores a forged left-most X-Forwarded-For entry behind one proxy (the default)', async () => {
      expect(await recordedIp({}, '6.6.6.6, 203.0.113.9')).to.equal('203.0.113.9');
    });

    it('with TRUSTED_PROXY_HOPS=2, takes the entry the outer proxy wrote, not the forged one before it', async () => {
      expect(await recordedIp({ TRUSTED_PROXY_HOPS: '2' }, '6.6.6.6, 203.0.113.9, 10.0.0.2')).to.equal('203.0.113.9');
    });

    it('with TRUSTED_PROXY_HOPS=0, trusts the whole chain (only for a proxy that overwrites the header)', async () => {
      expect(await recordedIp({ TRUSTED_PROXY_HOPS: '0' }, '6.6.6.6, 203.0.113.9')).to.equal('6.6.6.6');
    });
  });

  it('honours CORS_ORIGINS and COOKIE_SAMESITE', async () => {
    app = await startTestApp({ env: { CORS_ORIGINS: 'https://app.example.com', COOKIE_SAMESITE: 'Lax' } });
    const response = await app.api.post('/users/authenticate', {
      json: { username: 'test', password: 'test' },
      headers: { Origin: 'https://app.example.com' },
    });
    expect(response.headers.get('access-control-allow-origin')).to.equal('https://app.example.com');
    expect(response.cookie?.attributes).to.include('SameSite=Lax');
    const angular = await app.api.get('/health', { headers: { Origin: 'http://localhost:4200' } });
    expect(angular.headers.get('access-control-allow-origin')).to.equal(null);
  });
});
