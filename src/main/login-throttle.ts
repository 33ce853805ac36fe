import type { Logger } from 'pino';
import type { LoginThrottle } from '../application/ports/login-throttle';
import { InMemoryLoginThrottle } from '../adapters/throttle/in-memory-login-throttle';
import { closeRedis, connectRedis } from '../adapters/throttle/redis-client';
import { RedisLoginThrottle } from '../adapters/throttle/redis-login-throttle';
import type { Config } from './config';

export type OpenThrottle = Readonly<{
  throttle: LoginThrottle;
  /** Set with Redis: whether it answers a PING (for /ready, which reports it). */
  isReachable?: () => Promise<boolean>;
  close(): Promise<void>;
}>;

/** Throttling counts in Redis when REDIS_URL is set (shared by every instance), else in this process. */
export const openLoginThrottle = async (config: Config, logger: Logger): Promise<OpenThrottle> => {
  if (config.redis === undefined) {
    logger.info({ policy: config.loginThrottle }, 'login throttling: counted in this process (set REDIS_URL to share counts between instances)');
    return { throttle: new InMemoryLoginThrottle(config.loginThrottle), close: async () => undefined };
  }
  logger.info({ policy: config.loginThrottle }, 'login throttling: counted in Redis, shared by every instance');
  const redis = await connectRedis(config.redis.url, logger, `${config.redis.keyPrefix}login-throttle`);
  return {
    throttle: new RedisLoginThrottle(redis, config.loginThrottle, config.redis.keyPrefix),
    isReachable: () => redis.ping().then((answer) => answer === 'PONG'),
    close: () => closeRedis(redis),
  };
};
