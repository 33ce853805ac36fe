import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { connectMongo } from '../../src/adapters/persistence/mongodb/connect-mongo';
import { aUser } from '../contract/repository-fixtures';
import { useMongoServer } from '../support/mongo-server';

const HASH = '$2b$10$thisIsTheStoredPasswordHashOfTheUser0123456789abcdefgh';

/** A user as stored before usernames were matched regardless of case: no usernameKey. */
const oldShape = (id: string, username: string) => ({
  _id: id,
  firstName: 'Old',
  lastName: 'User',
  username,
  role: 'User',
  passwordHash: HASH,
});

describe('start-up migration to case-insensitive usernames (MongoDB)', function () {
  this.timeout(30_000);
  const server = useMongoServer();

  /** A database as the previous version left it: old-shape users under the old index only. */
  const oldDatabase = async (users: ReturnType<typeof oldShape>[]): Promise<{ db: Db; uri: string }> => {
    const name = server.freshDatabaseName();
    const db = server.client().db(name);
    const collection = db.collection<ReturnType<typeof oldShape>>('users');
    await collection.createIndex({ username: 1 }, { unique: true, name: 'username_unique' });
    await collection.insertMany(users);
    return { db, uri: server.uriFor(name) };
  };

  it('gives every old user its key, then matches and refuses usernames regardless of case', async () => {
    const { db, uri } = await oldDatabase([oldShape('a1', 'Ada'), oldShape('b1', 'bob')]);

    const connection = await connectMongo(uri, { retryForMs: 10_000 });
    try {
      const stored = await db.collection('users').find({}, { sort: { _id: 1 } }).toArray();
      assert.deepEqual(stored.map(({ username, usernameKey }) => [username, usernameKey]), [['Ada', 'ada'], ['bob', 'bob']]);
      assert.equal((await connection.users.findByUsername('ADA'))?.username, 'Ada');
      assert.equal(await connection.users.add(aUser('BOB')), 'username-taken');
      const index = (await db.collection('users').indexes()).find((candidate) => candidate.name === 'usernameKey_unique');
      assert.equal(index?.unique, true);
    } finally {
      await connection.close();
    }
  });

  it('refuses to start when old users differ only in case, naming them, merging or dropping nothing', async () => {
    const { db, uri } = await oldDatabase([oldShape('t1', 'test'), oldShape('t2', 'TEST'), oldShape('c1', 'carol')]);

    await assert.rejects(connectMongo(uri, { retryForMs: 10_000 }), (error: Error) => {
      assert.match(error.message, /'test' \(id t1\) and 'TEST' \(id t2\)|'TEST' \(id t2\) and 'test' \(id t1\)/);
      assert.match(error.message, /Rename all but one/);
      assert.doesNotMatch(error.message, /carol/);
      assert.equal(error.message.includes(HASH), false, 'no password hash in the message');
      return true;
    });

    const users = db.collection<{ _id: string; username: string; usernameKey?: string }>('users');
    assert.equal(await users.countDocuments({}), 3);
    assert.equal((await users.indexes()).some((index) => index.name === 'usernameKey_unique'), false);

    // The operator renames one as the message says; the next start-up succeeds.
    await users.updateOne({ _id: 't2' }, { $set: { username: 'test2' }, $unset: { usernameKey: '' } });
    const connection = await connectMongo(uri, { retryForMs: 10_000 });
    try {
      assert.equal((await connection.users.findByUsername('TEST2'))?.id, 't2');
      assert.equal((await connection.users.findByUsername('TEST'))?.id, 't1');
    } finally {
      await connection.close();
    }
  });
});
