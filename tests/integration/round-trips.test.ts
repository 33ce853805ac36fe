import { expect } from 'chai';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import type { UserRepository } from '../../src/application/ports/user-repository';
import { connectMongo } from '../../src/adapters/persistence/mongodb/connect-mongo';
import { memoryStores, mongoStores } from '../../src/main/stores';
import { adminAndUser, login, refreshCookieOf } from '../http/suites/harness';
import { CommandRecorder, describeCommand } from '../support/command-recorder';
import { counting } from '../support/counting-proxy';
import { useMongoServer } from '../support/mongo-server';
import { startTestApp, type TestApp } from '../support/test-app';

/** Store round trips per request: the budget, locked in (README, Performance). */
export type RoundTrips = Readonly<Record<Operation, number>>;
type Operation = 'get self' | 'get other (admin)' | 'list users' | 'login' | 'refresh' | 'replay in grace' | 'logout';

/** What each request cost, measured by `during` (commands on the wire, or calls to the store ports). */
const measure = async (app: TestApp, during: (work: () => Promise<unknown>) => Promise<string[]>): Promise<Record<Operation, string[]>> => {
  const { api } = app;
  const { admin, user, userId } = await adminAndUser(api);
  const fresh = await login(api, 'alice', 'a-long-password');
  let rotated = fresh;
  return {
    'get self': await during(() => api.get(`/users/${userId}`, { bearer: user.body.jwtToken })),
    'get other (admin)': await during(() => api.get(`/users/${userId}`, { bearer: admin.body.jwtToken })),
    'list users': await during(() => api.get('/users', { bearer: admin.body.jwtToken })),
    login: await during(() => api.post('/users/authenticate', { json: { username: 'alice', password: 'a-long-password' } })),
    refresh: await during(async () => (rotated = await api.post('/users/refresh-token', { cookie: refreshCookieOf(fresh) }))),
    'replay in grace': await during(() => api.post('/users/refresh-token', { cookie: refreshCookieOf(fresh) })),
    logout: await during(() => api.post('/users/revoke-token', { bearer: rotated.body.jwtToken, cookie: refreshCookieOf(rotated) })),
  };
};

const counted = (steps: Record<Operation, string[]>): Record<string, number> =>
  Object.fromEntries(Object.entries(steps).map(([operation, calls]) => [operation, calls.length]));

// No background poll of the revoked-sessions cache during a measurement.
const env = { ACCESS_REVOCATION_LAG_SECONDS: '3600' };

describe('Round trips to the store per request (the budget)', function () {
  this.timeout(60_000);
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    await app?.stores.close();
    app = undefined;
  });

  it('embedded store: calls to the store ports', async () => {
    const stores = memoryStores();
    const users = counting<UserRepository>(stores.users);
    const tokens = counting<RefreshTokenRepository>(stores.tokens);
    app = await startTestApp({ stores: { ...stores, users: users.proxy, tokens: tokens.proxy }, env });
    const steps = await measure(app, async (work) => {
      const [u, t] = [users.calls.length, tokens.calls.length];
      await work();
      return [...users.calls.slice(u), ...tokens.calls.slice(t)];
    });
    process.stdout.write(`      ${JSON.stringify(steps)}\n`);
    expect(counted(steps)).to.deep.equal(EMBEDDED);
  });

  describe('MongoDB (FerretDB): commands on the wire', () => {
    const server = useMongoServer();

    it('meets the budget', async () => {
      const recorder = new CommandRecorder();
      const stores = mongoStores(await connectMongo(server.uriFor(server.freshDatabaseName()), { onCommand: recorder.listener }));
      app = await startTestApp({ stores, env });
      const steps = await measure(app, async (work) => (await recorder.during(work)).map(describeCommand));
      process.stdout.write(`      ${JSON.stringify(steps)}\n`);
      expect(counted(steps)).to.deep.equal(MONGO);
    });
  });
});

/**
 * Port calls. endSession is one call here and two commands on MongoDB (the ending's insert, then
 * one update command: the marker a refresh reads and the tokens' revocation), hence logout's 3 against 4.
 */
const EMBEDDED: RoundTrips = { 'get self': 1, 'get other (admin)': 2, 'list users': 2, login: 3, refresh: 3, 'replay in grace': 2, logout: 3 };
/**
 * Commands. login: the user, the new token, the user's tokens (MAX_SESSIONS_PER_USER); a password
 * change racing the login needs no second look at the user (domain/user: CredentialEpoch).
 * refresh: the token with its successor and its session's ending marker (one find), its user, the
 * rotation (one update command: the successor's upsert and the predecessor's mark); one in 8
 * rotations adds a delete of old rotations. replay: the one find, the user. See README, Performance.
 */
const MONGO: RoundTrips = { 'get self': 1, 'get other (admin)': 2, 'list users': 2, login: 3, refresh: 3, 'replay in grace': 2, logout: 4 };
