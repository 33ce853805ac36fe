import type { Logger } from 'pino';
import type { Clock } from '../application/ports/clock';
import { SystemClock } from '../adapters/clock/system-clock';
import { connectMongo } from '../adapters/persistence/mongodb/connect-mongo';
import type { Config } from './config';
import { memoryStores, type Stores } from './stores';

/** How often the embedded store drops tokens past their retention (MongoDB has its own purge). */
const MEMORY_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** MONGODB_URI set: MongoDB; unset: the embedded store, which keeps nothing across restarts. */
export const openStores = async (config: Config, logger: Logger, clock: Clock = new SystemClock()): Promise<Stores> => {
  if (config.mongodbUri === undefined) {
    logger.warn({}, 'MONGODB_URI is not set: using the embedded in-memory store; data is not persisted');
    const stores = memoryStores();
    const purge = setInterval(() => {
      const before = new Date(clock.now().getTime() - config.tokenRetentionSeconds * 1000);
      void stores.tokens.purgeExpired(before);
    }, MEMORY_PURGE_INTERVAL_MS);
    purge.unref();
    return { ...stores, close: async () => clearInterval(purge) };
  }
  const mongo = await connectMongo(config.mongodbUri, {
    log: (message) => logger.warn({}, message),
    retryForMs: config.mongodbConnectTimeoutSeconds * 1000,
    purge: { retentionSeconds: config.tokenRetentionSeconds, clock },
  });
  logger.info({ purge: mongo.purgeMode }, 'connected to MongoDB');
  return { users: mongo.users, tokens: mongo.tokens, isReady: () => mongo.ping(), close: () => mongo.close() };
};
