import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { createResourceServer } from '../../examples/resource-server/resource-server';
import { runKeysCli } from '../../src/adapters/cli/keys-cli';
import { configureKeysCli } from '../../src/main/keys-operator';
import { memoryStores, type Stores } from '../../src/main/stores';
import { PassThrough } from 'node:stream';
import { login } from './suites/harness';
import { FakeClock } from '../support/fake-clock';
import { startTestApp, TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

const CACHE_MAX_AGE_MS = 600_000;
const kidOf = (token: string): string => String((jwt.decode(token, { complete: true }) as jwt.Jwt).header.kid);

/**
 * The auth service and examples/resource-server side by side. One fake time for both: the
 * service's FakeClock, and Date.now, which jose's key-set cache reads (its expiry checks read
 * `new Date()`, the real time, which the fake one starts from).
 */
describe('examples/resource-server, verifying through the JWKS', function () {
  this.timeout(20_000);
  let stores: Stores;
  let auth: TestApp;
  let resource: Server;
  let resourceUrl: string;
  const realNow = Date.now;
  let offsetMs = 0;

  const advanceSeconds = (seconds: number): void => {
    auth.clock.advanceSeconds(seconds);
    offsetMs += seconds * 1000;
  };
  const keys = async (...argv: string[]): Promise<string> => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const env = { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ACCESS_REVOCATION_LAG_SECONDS: '0' };
    const code = await runKeysCli({ argv, env, stdin: new PassThrough(), stdout, stderr: new PassThrough() }, configureKeysCli({ stores, clock: auth.clock }));
    expect(code).to.equal(0);
    return out;
  };
  const atResource = async (token: string): Promise<number> =>
    (await fetch(resourceUrl, { headers: { Authorization: `Bearer ${token}` } })).status;
  const atAuth = async (session: { id: string; jwtToken: string }): Promise<number> =>
    (await auth.api.get(`/users/${session.id}`, { bearer: session.jwtToken })).status;

  beforeEach(async () => {
    offsetMs = 0;
    Date.now = () => realNow() + offsetMs;
    stores = memoryStores();
    auth = await startTestApp({ stores, clock: new FakeClock(new Date(realNow())), env: { ACCESS_REVOCATION_LAG_SECONDS: '0' } });
    resource = createResourceServer({
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      jwksUri: `${auth.api.baseUrl}/.well-known/jwks.json`,
      cacheMaxAgeMs: CACHE_MAX_AGE_MS,
    });
    await new Promise<void>((resolve) => resource.listen(0, '127.0.0.1', resolve));
    resourceUrl = `http://127.0.0.1:${(resource.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    Date.now = realNow;
    resource.closeAllConnections();
    await new Promise((resolve) => resource.close(resolve));
    await auth.close();
    await stores.close();
  });

  it('accepts a fresh token, and refuses none, a forged one, or garbage', async () => {
    const { body } = await login(auth.api);
    expect(await atResource(body.jwtToken)).to.equal(200);
    expect((await fetch(resourceUrl)).status).to.equal(401);
    const [header, payload] = body.jwtToken.split('.');
    expect(await atResource(`${header}.${payload}.${'A'.repeat(86)}`)).to.equal(401);
    expect(await atResource('not.a.token')).to.equal(401);
  });

  it('after keys rotate, accepts the new key without a restart and the previous key until its tokens expire', async () => {
    const before = (await login(auth.api)).body;
    expect(await atResource(before.jwtToken)).to.equal(200);

    await keys('rotate');
    advanceSeconds(660); // the publication delay: the new key signs now
    const after = (await login(auth.api)).body;

    expect(kidOf(after.jwtToken)).to.not.equal(kidOf(before.jwtToken));
    expect(await atResource(after.jwtToken), 'new key, same resource server').to.equal(200);
    expect(await atResource(before.jwtToken), 'previous key').to.equal(200);
    expect(await atAuth(before)).to.equal(200);
    advanceSeconds(900 - 660);
    expect(await atAuth(before), 'expired').to.equal(401);
  });

  it('after keys rotate --now, the new key is accepted at once (an unknown kid refetches the set)', async () => {
    expect(await atResource((await login(auth.api)).body.jwtToken)).to.equal(200);
    advanceSeconds(31); // past jose's cool-down between two fetches
    await keys('rotate', '--now');

    expect(await atResource((await login(auth.api)).body.jwtToken)).to.equal(200);
  });

  it('after keys retire, its tokens are refused by the service at once and by the resource server once its cache expired', async () => {
    const session = (await login(auth.api)).body;
    expect(await atResource(session.jwtToken)).to.equal(200);

    const out = await keys('retire', kidOf(session.jwtToken));
    expect(out).to.match(/Retired key/);

    expect(await atAuth(session), 'the auth service, at once').to.equal(401);
    expect(await atResource(session.jwtToken), 'the resource server, from its cached key set').to.equal(200);
    advanceSeconds(CACHE_MAX_AGE_MS / 1000);
    expect(await atResource(session.jwtToken), 'the resource server, once its cache expired').to.equal(401);
    const fresh = (await login(auth.api)).body;
    expect(await atResource(fresh.jwtToken), 'the replacement key').to.equal(200);
  });
});
