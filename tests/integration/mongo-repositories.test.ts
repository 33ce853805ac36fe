import { expect } from 'chai';
import type { Db } from 'mongodb';
import { connectMongo } from '../../src/adapters/persistence/mongodb/connect-mongo';
import { MongoRefreshTokenRepository } from '../../src/adapters/persistence/mongodb/mongo-refresh-token-repository';
import { ensureIndexes } from '../../src/adapters/persistence/mongodb/mongo-indexes';
import { MongoTokenPurge } from '../../src/adapters/persistence/mongodb/mongo-token-purge';
import type { Scheduler } from '../../src/adapters/persistence/periodic-purge';
import { MongoUserRepository } from '../../src/adapters/persistence/mongodb/mongo-user-repository';
import { MongoSigningKeys } from '../../src/adapters/persistence/mongodb/mongo-signing-keys';
import { describeRefreshTokenRepositoryContract } from '../contract/refresh-token-repository-contract';
import { describeSigningKeysContract } from '../contract/signing-keys-contract';
import { aSession, aUser, newId } from '../contract/repository-fixtures';
import { describeUserRepositoryContract } from '../contract/user-repository-contract';
import { FakeClock } from '../support/fake-clock';
import { freePort } from '../support/free-port';
import { expectRejection } from '../support/either-assertions';
import { useMongoServer } from '../support/mongo-server';
import { RecordingLogger } from '../support/recording-logger';

/** FerretDB answers buildInfo with its own version field; MongoDB does not. */
const isFerretDb = async (db: Db): Promise<boolean> => 'ferretdbVersion' in (await db.admin().buildInfo());

describe('MongoDB persistence adapter', function () {
  this.timeout(30_000);
  const server = useMongoServer();

  /** Each test its own database, with the indexes start-up would create. */
  const freshDb = async (): Promise<Db> => {
    const db = server.client().db(server.freshDatabaseName());
    await ensureIndexes(db);
    return db;
  };

  describeUserRepositoryContract('MongoUserRepository', async () => {
    const db = await freshDb();
    return { subject: new MongoUserRepository(db), cleanup: async () => void (await db.dropDatabase()) };
  });

  describeRefreshTokenRepositoryContract('MongoRefreshTokenRepository', async () => {
    const db = await freshDb();
    return { subject: new MongoRefreshTokenRepository(db), cleanup: async () => void (await db.dropDatabase()) };
  });

  describeSigningKeysContract('MongoSigningKeys', async () => {
    const db = await freshDb();
    return { subject: new MongoSigningKeys(db), cleanup: async () => void (await db.dropDatabase()) };
  });

  describe('connectMongo', () => {
    it('connects to the database named in the URI, ensures the indexes and pings', async () => {
      const name = server.freshDatabaseName();
      const logger = new RecordingLogger();
      const connection = await connectMongo(server.uriFor(name), { retryForMs: 10_000, logger });
      try {
        expect(await connection.users.add(aUser('ada'))).to.equal('added');
        expect(await connection.users.add(aUser('ada'))).to.equal('username-taken');
        expect(await connection.ping()).to.equal(true);
        expect(connection.purgeMode).to.equal('off');
        const db = server.client().db(name);
        expect(await db.collection('users').countDocuments({ username: 'ada' })).to.equal(1);
        const tokenIndexes = (await db.collection('refreshTokens').indexes()).map((index) => index.key);
        expect(tokenIndexes.find((key) => 'tokenHash' in key)).to.deep.equal({ tokenHash: 1 });
        expect(logger.text).to.match(/connected \(attempt 1\)/);
      } finally {
        await connection.close();
      }
    });

    it('creates the indexes idempotently: a second start-up on the same database succeeds', async () => {
      const uri = server.uriFor(server.freshDatabaseName());
      await (await connectMongo(uri, { retryForMs: 10_000 })).close();
      const again = await connectMongo(uri, { retryForMs: 10_000 });
      expect(await again.ping()).to.equal(true);
      await again.close();
    });
  });

  describe('MongoTokenPurge', () => {
    const RETENTION = 24 * 60 * 60;
    const INTERVAL = 15 * 60 * 1000;
    let db: Db;
    let tokens: MongoRefreshTokenRepository;
    let clock: FakeClock;
    let ticks: { task: () => Promise<void>; intervalMs: number; stopped: boolean }[];
    const scheduler: Scheduler = (task, intervalMs) => {
      const tick = { task, intervalMs, stopped: false };
      ticks.push(tick);
      return { stop: () => void (tick.stopped = true) };
    };
    const purgeOf = () => new MongoTokenPurge(db, tokens, { retentionSeconds: RETENTION, clock, intervalMs: INTERVAL, schedule: scheduler });

    beforeEach(async () => {
      db = await freshDb();
      tokens = new MongoRefreshTokenRepository(db);
      clock = new FakeClock();
      ticks = [];
    });

    it('uses a TTL index where the server has them, else a periodic purge (FerretDB)', async () => {
      const purge = purgeOf();

      const mode = await purge.start();

      const expiresIndex = (await db.collection('refreshTokens').indexes()).find((index) => 'expires' in index.key);
      if (await isFerretDb(db)) {
        expect(mode).to.equal('periodic');
        expect(ticks.length).to.equal(1);
        expect(ticks[0]?.intervalMs).to.equal(INTERVAL);
        expect(expiresIndex?.expireAfterSeconds).to.equal(undefined);
      } else {
        expect(mode).to.equal('ttl');
        expect(ticks.length).to.equal(0);
        expect(expiresIndex?.expireAfterSeconds).to.equal(RETENTION);
      }
      expect((await purgeOf().start()) === mode, 'a second start-up chooses the same, without error').to.equal(true);
      purge.stop();
    });

    it('purges, on each tick, the tokens whose retention has run out by the clock', async () => {
      const userId = newId();
      const old = aSession(userId, clock.now());
      clock.advanceSeconds(2);
      const recent = aSession(userId, clock.now());
      await tokens.add(old);
      await tokens.add(recent);
      const purge = purgeOf();
      const mode = await purge.start();
      // One second past the old token's expiry plus retention: it goes, the younger one stays.
      clock.advanceSeconds(7 * 24 * 60 * 60 + RETENTION - 1);

      if (mode === 'periodic') {
        await ticks[0]?.task();
      } else {
        expect(await purge.purgeNow()).to.equal(1);
      }

      expect(await tokens.findById(old.id)).to.equal(null);
      expect((await tokens.findById(recent.id))?.id).to.equal(recent.id);
      purge.stop();
      expect(ticks.every((tick) => tick.stopped)).to.equal(true);
    });
  });
});

describe('connectMongo against an unreachable server', () => {
  it('gives up within its bound, after backing off, naming the host but not the credentials', async () => {
    const port = await freePort();
    const logger = new RecordingLogger();
    const started = Date.now();

    const error = await expectRejection(
      connectMongo(`mongodb://alice:s3cret@127.0.0.1:${port}/jwt-api`, {
        retryForMs: 1_500,
        attemptTimeoutMs: 300,
        initialBackoffMs: 50,
        logger,
      }),
    );
    expect(error.message).to.match(new RegExp(`127\\.0\\.0\\.1:${port} unreachable`));
    expect(error.message).not.to.match(/s3cret|alice/);
    const logged = logger.lines.map((line) => line.message);

    const elapsed = Date.now() - started;
    expect(elapsed >= 1_000 && elapsed < 3_000, `gave up after ${elapsed} ms`).to.equal(true);
    const pauses = logged.flatMap((line) => /retrying in (\d+) ms/.exec(line)?.[1] ?? []).map(Number);
    expect(pauses.length, logged.join("\n")).to.be.at.least(2);
    expect(pauses.slice(0, 2), 'the pause doubles after each failure').to.deep.equal([50, 100]);
    expect(logged.some((line) => /s3cret/.test(line))).to.equal(false);
  });
});
