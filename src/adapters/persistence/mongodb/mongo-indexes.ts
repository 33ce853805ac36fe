import type { Db } from 'mongodb';
import { REFRESH_TOKENS, SESSION_ENDINGS, SIGNING_KEYS, USERS } from './collections';
import { ensureUniqueUsernameKeys } from './mongo-username-keys';

/**
 * Creates the indexes the repositories rely on; idempotent, run at every start-up.
 * The unique ones carry correctness (one user per username regardless of case, one claim per successor hash);
 * the others only speed lookups. The index on `expires` belongs to MongoTokenPurge, which
 * makes it a TTL index where the server supports one.
 */
export const ensureIndexes = async (db: Db): Promise<void> => {
  // Exact usernames: kept from before case-insensitive matching (implied by the key's index now); it serves list()'s sort.
  await db.collection(USERS).createIndex({ username: 1 }, { unique: true, name: 'username_unique' });
  await ensureUniqueUsernameKeys(db);
  const tokens = db.collection(REFRESH_TOKENS);
  await tokens.createIndex({ tokenHash: 1 }, { unique: true, name: 'tokenHash_unique' });
  // Compound with `created`, so listByUser's oldest-first sort is served by the index.
  await tokens.createIndex({ userId: 1, created: 1 }, { name: 'userId_created' });
  await tokens.createIndex({ familyId: 1 }, { name: 'familyId' });
  // unrevokedOfUser (the sessions listing): one entry per live session, however often each rotated.
  await tokens.createIndex({ userId: 1, revoked: 1 }, { name: 'userId_revoked' });
  const endings = db.collection(SESSION_ENDINGS);
  // endedSince, polled by every instance for early access-token revocation; the purge.
  await endings.createIndex({ at: 1 }, { name: 'at' });
  await endings.createIndex({ keepUntil: 1 }, { name: 'keepUntil' });
  // One key per generation is the primary key (_id); a kid names one key.
  await db.collection(SIGNING_KEYS).createIndex({ kid: 1 }, { unique: true, name: 'kid_unique' });
};
