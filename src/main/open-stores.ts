import type { Logger } from 'pino';
import type { Config } from './config';
import { memoryStores, type Stores } from './stores';

/** MONGODB_URI set: MongoDB; unset: the embedded store, which keeps nothing across restarts. */
export const openStores = async (config: Config, logger: Logger): Promise<Stores> => {
  if (config.mongodbUri === undefined) {
    logger.warn({}, 'MONGODB_URI is not set: using the embedded in-memory store; data is not persisted');
    return memoryStores();
  }
  throw new Error('MongoDB store not wired yet');
};
