import { expect } from 'chai';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import type { UserRepository } from '../../src/application/ports/user-repository';
import { connectMongo } from '../../src/adapters/persistence/mongodb/connect-mongo';
import { memoryStores, mongoStores } from '../../src/main/stores';
import { adminAndUser, login, refreshCookieOf } from '../http/suites/harness';
import { CommandRecorder, describeCommand } from '../support/command-recorder';
import { counting } from '../support/counting-proxy';
import { HeldHousekeeping } from '../support/held-housekeeping';
import { useMongoServer } from '../support/mongo-server';
import { startTestApp, type TestApp } from '../support/test-app';

/** Store round trips per request: the budget, locked in (README, Performance). */
export type RoundTrips = Readonly<Record<Operation, number>>;
type Operation = 'get self' | 'get other (admin)' | 'list users' | 'login' | 'refresh' | 'replay in grace' | 'logout';
type Measured = Readonly<{ answered: Record<Operation, string[]>; afterwards: Record<Operation, string[]> }>;

/**
 * What each request cost before its answer, and what it left for after (its housekeeping, held
 * until then), measured by `during` (commands on the wire, or calls to the store ports).
 */
const measure = async (app: TestApp, held: HeldHousekeeping, during: (work: () => Promise<unknown>) => Promise<string[]>): Promise<Measured> => {
  const { api } = app;
  const { admin, user, userId } = await adminAndUser(api);
  const fresh = await login(api, 'alice', 'a-long-password');
  await held.release();
  let rotated = fresh;
  const requests: Record<Operation, () => Promise<unknown>> = {
    'get self': () => api.get(`/users/${userId}`, { bearer: user.body.jwtToken }),
    'get other (admin)': () => api.get(`/users/${userId}`, { bearer: admin.body.jwtToken }),
    'list users': () => api.get('/users', { bearer: admin.body.jwtToken }),
    login: () => api.post('/users/authenticate', { json: { username: 'alice', password: 'a-long-password' } }),
    refresh: async () => (rotated = await api.post('/users/refresh-token', { cookie: refreshCookieOf(fresh) })),
    'replay in grace': () => api.post('/users/refresh-token', { cookie: refreshCookieOf(fresh) }),
    logout: () => api.post('/users/revoke-token', { bearer: rotated.body.jwtToken, cookie: refreshCookieOf(rotated) }),
  };
  const answered = {} as Record<Operation, string[]>;
  const afterwards = {} as Record<Operation, string[]>;
  for (const [operation, request] of Object.entries(requests) as Array<[Operation, () => Promise<unknown>]>) {
    answered[operation] = await during(request);
    afterwards[operation] = await during(() => held.release());
  }
  return { answered, afterwards };
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
    const held = new HeldHousekeeping();
    app = await startTestApp({ stores: { ...stores, users: users.proxy, tokens: tokens.proxy }, env, housekeeping: held });
    const steps = await measure(app, held, async (work) => {
      const [u, t] = [users.calls.length, tokens.calls.length];
      await work();
      return [...users.calls.slice(u), ...tokens.calls.slice(t)];
    });
    process.stdout.write(`      ${JSON.stringify(steps)}\n`);
    expect(counted(steps.answered)).to.deep.equal(EMBEDDED);
    expect(counted(steps.afterwards)).to.deep.equal(AFTER_THE_ANSWER);
  });

  describe('MongoDB (FerretDB): commands on the wire', () => {
    const server = useMongoServer();

    it('meets the budget', async () => {
      const recorder = new CommandRecorder();
      const stores = mongoStores(await connectMongo(server.uriFor(server.freshDatabaseName()), { onCommand: recorder.listener }));
      const held = new HeldHousekeeping();
      app = await startTestApp({ stores, env, housekeeping: held });
      const steps = await measure(app, held, async (work) => (await recorder.during(work)).map(describeCommand));
      process.stdout.write(`      ${JSON.stringify(steps)}\n`);
      expect(counted(steps.answered)).to.deep.equal(MONGO);
      expect(counted(steps.afterwards)).to.deep.equal(AFTER_THE_ANSWER);
    });
  });
});

/**
 * Port calls before the answer. endSession is one call here and two commands on MongoDB (the
 * ending's insert, then one update command: the marker a refresh reads and the tokens'
 * revocation), hence logout's 3 against 4.
 */
const EMBEDDED: RoundTrips = { 'get self': 1, 'get other (admin)': 2, 'list users': 2, login: 2, refresh: 3, 'replay in grace': 2, logout: 3 };
/**
 * Commands before the answer. login: the user, the new token; a password change racing the login
 * needs no second look at the user (domain/user: CredentialEpoch). refresh: the token with its
 * successor and its session's ending marker (one find), its user, the rotation (one update
 * command: the successor's upsert and the predecessor's mark). replay: the one find, the user.
 * See README, Performance.
 */
const MONGO: RoundTrips = { 'get self': 1, 'get other (admin)': 2, 'list users': 2, login: 2, refresh: 3, 'replay in grace': 2, logout: 4 };
/**
 * After the answer (housekeeping), on either store: a login reads the user's tokens to keep
 * MAX_SESSIONS_PER_USER (here under it, so nothing is ended); one rotation in eight (not this one)
 * deletes the tokens older than the session's REFRESH_TOKEN_HISTORY.
 */
const AFTER_THE_ANSWER: RoundTrips = { 'get self': 0, 'get other (admin)': 0, 'list users': 0, login: 1, refresh: 0, 'replay in grace': 0, logout: 0 };
