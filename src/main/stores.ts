import type { Logger } from 'pino';
import type { Clock } from '../application/ports/clock';
import type { EndedSessions } from '../application/ports/ended-sessions';
import type { RefreshTokenRepository } from '../application/ports/refresh-token-repository';
import type { SigningKeys } from '../application/ports/signing-keys';
import type { UserRepository } from '../application/ports/user-repository';
import { SystemClock } from '../adapters/clock/system-clock';
import { openMemoryStore } from '../adapters/persistence/memory/open-memory-store';
import { connectMongo, type MongoConnection } from '../adapters/persistence/mongodb/connect-mongo';
import type { MongoTopology } from '../adapters/persistence/mongodb/mongo-deployment';
import type { Config } from './config';

export type StoreTopology = 'embedded' | MongoTopology;

/** The persistence the service runs on, whichever adapter provides it (each purges on its own). */
export type Stores = Readonly<{
  users: UserRepository;
  tokens: RefreshTokenRepository;
  endedSessions: EndedSessions;
  signingKeys: SigningKeys;
  /** What the store is, as /ready reports it: the embedded one, or the MongoDB topology seen at start-up. */
  topology: StoreTopology;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}>;

/** The embedded store with its retention from the config (or the defaults), as tests and the server open it. */
export const memoryStores = (retentionSeconds = 604_800, clock: Clock = new SystemClock()): Stores => {
  const store = openMemoryStore({ retentionSeconds, clock });
  return { users: store.users, tokens: store.tokens, endedSessions: store.tokens, signingKeys: store.signingKeys, topology: 'embedded', isReady: async () => true, close: store.close };
};

/** MONGODB_URI set: MongoDB; unset: the embedded store, which keeps nothing across restarts. */
export const openStores = async (config: Config, logger: Logger, clock: Clock): Promise<Stores> => {
  if (config.mongodbUri === undefined) {
    logger.warn({}, 'MONGODB_URI is not set: using the embedded in-memory store; data is not persisted');
    return memoryStores(config.tokenRetentionSeconds, clock);
  }
  const mongo = await connectMongo(config.mongodbUri, {
    logger,
    retryForMs: config.mongodbConnectTimeoutSeconds * 1000,
    purge: { retentionSeconds: config.tokenRetentionSeconds, clock },
    production: config.environment === 'production',
  });
  logger.info({ purge: mongo.purgeMode }, 'connected to MongoDB');
  return mongoStores(mongo);
};

/** The stores on an open MongoDB connection; closing them closes it. */
export const mongoStores = (mongo: MongoConnection): Stores => ({
  users: mongo.users,
  tokens: mongo.tokens,
  endedSessions: mongo.tokens,
  signingKeys: mongo.signingKeys,
  topology: mongo.topology,
  isReady: () => mongo.ping(),
  close: () => mongo.close(),
});
