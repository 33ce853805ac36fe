import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Actor } from '../../src/domain/actor';
import { RefreshToken } from '../../src/domain/refresh-token';
import { RevokeSessions } from '../../src/application/use-cases/revoke-sessions';
import { SetPassword } from '../../src/application/use-cases/set-password';
import { connectMongo } from '../../src/adapters/persistence/mongodb/connect-mongo';
import { STANDALONE_WARNING, UnsafeMongoSettings } from '../../src/adapters/persistence/mongodb/mongo-deployment';
import { mongoStores } from '../../src/main/stores';
import { adminAndUser, refreshCookieOf } from '../http/suites/harness';
import { CommandRecorder, describeCommand, type SentCommand } from '../support/command-recorder';
import { useMongoServer } from '../support/mongo-server';
import { RecordingLogger } from '../support/recording-logger';
import { startTestApp, type TestApp } from '../support/test-app';

const GRACE = 10; // REFRESH_REUSE_GRACE_SECONDS' default
const DURABLE = { w: 'majority', j: true };
const COMMITTED = { level: 'majority' };

/** What a command must carry, or null when it secures and decides nothing (listings, housekeeping). */
const requiredConcern = (command: SentCommand): 'durable' | 'committed' | null => {
  const { name, collection, body } = command;
  if ((name === 'insert' || name === 'update') && ['users', 'refreshTokens', 'sessionEndings'].includes(collection ?? '')) return 'durable';
  if (name !== 'find') return null;
  // A lookup of one token, ending or user by its key (start-up's migration queries use operators instead).
  const filter = (body.filter ?? {}) as Record<string, unknown>;
  const byKey = (...keys: string[]): boolean => keys.some((key) => typeof filter[key] === 'string');
  if (collection === 'refreshTokens' && byKey('tokenHash', '_id')) return 'committed';
  if (collection === 'sessionEndings' && byKey('_id')) return 'committed';
  if (collection === 'users' && byKey('_id', 'usernameKey')) return 'committed';
  return null;
};

describe('MongoDB (FerretDB): the concerns each security-critical command carries, and the start-up check', function () {
  this.timeout(60_000);
  const server = useMongoServer();
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    await app?.stores.close();
    app = undefined;
  });

  it("sends every write that ends, claims or secures with w:'majority', j:true, and every deciding read with readConcern 'majority' on the primary", async () => {
    const recorder = new CommandRecorder();
    const stores = mongoStores(await connectMongo(server.uriFor(server.freshDatabaseName()), { onCommand: recorder.listener }));
    app = await startTestApp({ stores });
    const { api, clock, service } = app;

    // Every kind of operation: user creation, login, an authorized read, rotation, replay, theft, logout, password change, revoke-sessions.
    const { admin, user, userId } = await adminAndUser(api);
    expect((await api.get(`/users/${userId}`, { bearer: user.body.jwtToken })).status).to.equal(200);
    const rotated = await api.post('/users/refresh-token', { cookie: refreshCookieOf(user) });
    expect(rotated.status).to.equal(200);
    expect((await api.post('/users/refresh-token', { cookie: refreshCookieOf(user) })).status, 'replay in the grace window').to.equal(200);
    clock.advanceSeconds(GRACE + 1);
    expect((await api.post('/users/refresh-token', { cookie: refreshCookieOf(user) })).status, 'reuse detected').to.equal(400);
    // A secret that names no session (made before secrets did): its session's ending is read apart.
    const legacy = randomBytes(40).toString('hex');
    const legacyToken = RefreshToken.startSession({
      id: randomBytes(12).toString('hex'),
      userId,
      tokenHash: createHash('sha256').update(legacy).digest('hex'),
      now: clock.now(),
      ip: '10.0.0.9',
      policy: app.config.session,
    });
    await stores.tokens.add(legacyToken);
    expect((await api.post('/users/refresh-token', { cookie: legacy })).status, 'a secret that names no session').to.equal(200);
    const loggedOut = await api.post('/users/revoke-token', { bearer: admin.body.jwtToken, cookie: refreshCookieOf(admin) });
    expect(loggedOut.status).to.equal(200);
    const setPassword = await service.graph.resolve(SetPassword).execute({ actor: Actor.operator, username: 'alice', password: 'another-long-one' });
    expect(setPassword._tag).to.equal('Right');
    const revoked = await service.graph.resolve(RevokeSessions).execute({ actor: Actor.operator, username: 'test', ip: 'cli' });
    expect(revoked._tag).to.equal('Right');

    const critical = recorder.all.filter((command) => requiredConcern(command) !== null);
    // Each kind was exercised, so the checks below cannot pass on an empty list.
    expect(new Set(critical.map(describeCommand))).to.include.all.keys(
      'insert users', 'update users', 'find users',
      'insert refreshTokens', 'update refreshTokens', 'find refreshTokens',
      'insert sessionEndings', 'find sessionEndings',
    );
    for (const command of critical) {
      const what = `${describeCommand(command)} ${JSON.stringify(command.body.filter ?? command.body.updates?.[0]?.q ?? '')}`;
      if (requiredConcern(command) === 'durable') {
        expect(command.body.writeConcern, what).to.deep.equal(DURABLE);
      } else {
        expect(command.body.readConcern, what).to.deep.equal(COMMITTED);
      }
    }
    for (const command of recorder.all) {
      const mode: unknown = command.body.$readPreference?.mode;
      expect(mode ?? 'primary', `${describeCommand(command)} reads the primary`).to.equal('primary');
    }
  });

  it('refuses a URI with w=1 or w=0 before connecting, naming the option', async () => {
    for (const option of ['w=1', 'w=0', 'readPreference=secondaryPreferred']) {
      const uri = `${server.uriFor(server.freshDatabaseName())}?${option}`;
      const refused = await connectMongo(uri, { retryForMs: 1_000 }).then(
        () => expect.fail(`${option} was accepted`),
        (error: unknown) => error,
      );
      expect(refused).to.be.instanceOf(UnsafeMongoSettings);
      expect((refused as Error).message).to.include(option);
    }
  });

  it('on this standalone server: one warning in production, none in development; /ready reports the topology', async () => {
    const uri = server.uriFor(server.freshDatabaseName());
    for (const production of [true, false]) {
      const logger = new RecordingLogger();
      const connection = await connectMongo(uri, { logger, production });
      try {
        expect(connection.topology).to.equal('standalone');
        const warnings = logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);
        expect(warnings).to.deep.equal(production ? [STANDALONE_WARNING] : []);
      } finally {
        await connection.close();
      }
    }
    app = await startTestApp({ stores: mongoStores(await connectMongo(uri)) });
    expect((await app.api.get('/ready')).body).to.deep.equal({ status: 'ready', checks: { store: 'up' }, topology: 'standalone' });
  });
});
