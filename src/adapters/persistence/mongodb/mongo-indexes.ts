import type { Db } from 'mongodb';
import { REFRESH_TOKENS, SESSION_ENDINGS, USERS } from './collections';

/**
 * Creates the indexes the repositories rely on; idempotent, run at every start-up.
 * The unique ones carry correctness (one user per username, one claim per successor hash);
 * the others only speed lookups. The index on `expires` belongs to MongoTokenPurge, which
 * makes it a TTL index where the server supports one.
 */
export const ensureIndexes = async (db: Db): Promise<void> => {
  await db.collection(USERS).createIndex({ username: 1 }, { unique: true, name: 'username_unique' });
  const tokens = db.collection(REFRESH_TOKENS);
  await tokens.createIndex({ tokenHash: 1 }, { unique: true, name: 'tokenHash_unique' });
  // Compound with `created`, so listByUser's oldest-first sort is served by the index.
  await tokens.createIndex({ userId: 1, created: 1 }, { name: 'userId_created' });
  await tokens.createIndex({ familyId: 1 }, { name: 'familyId' });
  const endings = db.collection(SESSION_ENDINGS);
  // endedSince, polled by every instance for early access-token revocation; the purge.
  await endings.createIndex({ at: 1 }, { name: 'at' });
  await endings.createIndex({ keepUntil: 1 }, { name: 'keepUntil' });
};
