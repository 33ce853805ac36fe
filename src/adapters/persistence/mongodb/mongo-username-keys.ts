import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { usernameKey } from '../../../domain/username';
import { USERS } from './collections';

/** The fields this migration reads and writes; the repository owns the full document type. */
type KeyedUser = { _id: string; username: string; usernameKey?: string };

export const USERNAME_KEY_INDEX = 'usernameKey_unique';
const BATCH = 500;
/** Enough groups to act on; the rest would only flood the log line. */
const REPORTED_GROUPS = 20;

/** Users stored before usernames were matched regardless of case have no key: give them one. */
const backfill = async (users: Collection<KeyedUser>): Promise<void> => {
  const missing = users.find({ usernameKey: { $exists: false } }, { projection: { username: 1 } });
  let batch: AnyBulkWriteOperation<KeyedUser>[] = [];
  for await (const { _id, username } of missing) {
    batch.push({
      updateOne: { filter: { _id, usernameKey: { $exists: false } }, update: { $set: { usernameKey: usernameKey(username) } } },
    });
    if (batch.length === BATCH) {
      await users.bulkWrite(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await users.bulkWrite(batch);
};

/** Groups of users whose keys are equal: names that differ only in case (or width). */
const collisions = async (users: Collection<KeyedUser>): Promise<KeyedUser[][]> => {
  const byKey = new Map<string, KeyedUser[]>();
  for await (const user of users.find({}, { projection: { username: 1, usernameKey: 1 } })) {
    const key = user.usernameKey ?? usernameKey(user.username);
    byKey.set(key, [...(byKey.get(key) ?? []), user]);
  }
  return [...byKey.values()].filter((group) => group.length > 1);
};

export class UsernameCollisionError extends Error {
  constructor(groups: readonly KeyedUser[][]) {
    const listed = groups
      .slice(0, REPORTED_GROUPS)
      .map((group) => group.map(({ _id, username }) => `'${username}' (id ${_id})`).join(' and '))
      .join('; ');
    const more = groups.length > REPORTED_GROUPS ? ` and ${groups.length - REPORTED_GROUPS} more groups` : '';
    super(
      `Usernames are now unique regardless of case, but ${groups.length} group(s) of existing users differ only in case: ` +
        `${listed}${more}. Nothing was merged or deleted. Rename all but one user of each group, for example ` +
        `db.users.updateOne({ _id: '<id>' }, { $set: { username: '<new name>' }, $unset: { usernameKey: '' } }), then start again.`,
    );
  }
}

/**
 * Makes `usernameKey` present and unique. Idempotent; cheap once the index exists. Users whose
 * names collide are an operator's call, never ours: start-up fails naming them (never their
 * passwords or hashes) and changes nothing beyond the backfill.
 */
export const ensureUniqueUsernameKeys = async (db: Db): Promise<void> => {
  const users = db.collection<KeyedUser>(USERS);
  await backfill(users);
  const indexes = await users.indexes();
  if (indexes.some((index) => index.name === USERNAME_KEY_INDEX)) return;
  const groups = await collisions(users);
  if (groups.length > 0) throw new UsernameCollisionError(groups);
  // A colliding pair added between the check and here makes this throw; the next start-up names it.
  await users.createIndex({ usernameKey: 1 }, { unique: true, name: USERNAME_KEY_INDEX });
};
