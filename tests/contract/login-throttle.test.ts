import { InMemoryLoginThrottle } from '../../src/adapters/throttle/in-memory-login-throttle';
import { RedisLoginThrottle } from '../../src/adapters/throttle/redis-login-throttle';
import { useRedisServer } from '../support/redis-server';
import { describeLoginThrottleContract } from './login-throttle-contract';

describeLoginThrottleContract('InMemoryLoginThrottle', async (policy) => ({
  subject: new InMemoryLoginThrottle(policy),
  cleanup: async () => undefined,
}));

describe('on a real Redis', () => {
  const redis = useRedisServer();
  // The after hook of useRedisServer deletes every prefix handed out.
  describeLoginThrottleContract('RedisLoginThrottle', async (policy) => ({
    subject: new RedisLoginThrottle(redis.client(), policy, redis.freshPrefix()),
    cleanup: async () => undefined,
  }));
});
