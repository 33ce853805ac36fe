import { Redis } from 'ioredis';
import type { Logger } from '../../application/ports/logger';

const CONNECT_TIMEOUT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 500;
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * A client that fails fast: no offline queue, no retry of a command and short timeouts, so
 * while Redis is unreachable every command rejects at once (throttling then fails open)
 * instead of holding a login. It keeps reconnecting in the background and logs each outage
 * once, when it starts, and once when it ends. The URL is never logged: it may hold a password.
 */
export const connectRedis = async (url: string, logger: Logger, connectionName?: string): Promise<Redis> => {
  const redis = new Redis(url, {
    // Shown by CLIENT LIST: which service holds the connection.
    ...(connectionName === undefined ? {} : { connectionName }),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error({ err: error }, 'redis unavailable: login throttling fails open until it answers again');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({}, 'redis answers again: login throttling is back');
  });
  // Unreachable at start: the error listener has logged it and the client keeps reconnecting.
  await redis.connect().catch(() => undefined);
  return redis;
};

/** Lets pending replies arrive, then closes; a client that is not connected is just stopped. */
export const closeRedis = async (redis: Redis): Promise<void> => {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
};
