import { RecordingLogger } from '../../../support/recording-logger';
import { expect } from 'chai';
import { closeRedis, connectRedis } from '../../../../src/adapters/throttle/redis-client';
import { RedisLoginThrottle } from '../../../../src/adapters/throttle/redis-login-throttle';
import { FakeClock } from '../../../support/fake-clock';
import { UNREACHABLE_REDIS_URL, useRedisServer } from '../../../support/redis-server';

const POLICY = { maxFailuresPerUsername: 3, maxFailuresPerIp: 5, windowSeconds: 60 };

/** Collects what the Redis connection logs. */
const recordingLogger = (): RecordingLogger => new RecordingLogger();

/** An attempt counted and left counted (a failure). */
const fail = async (throttle: RedisLoginThrottle, username: string, ip: string, now: Date): Promise<void> => {
  expect((await throttle.reserve({ username, ip }, now)).throttled).to.equal(false);
};

describe('RedisLoginThrottle on a real Redis', () => {
  const redis = useRedisServer();

  it('gives every key a TTL of at most the window, and keeps usernames and addresses out of key names', async () => {
    const prefix = redis.freshPrefix();
    const throttle = new RedisLoginThrottle(redis.client(), POLICY, prefix);
    await fail(throttle, 'zebra@example.com', '203.0.113.9', new FakeClock().now());
    const keys = await redis.client().keys(`${prefix}*`);
    expect(keys).to.have.length(2);
    for (const key of keys) {
      expect(key.slice(prefix.length)).to.not.include('zebra').and.not.include('203.0.113.9');
      const ttl = await redis.client().pttl(key);
      expect(ttl).to.be.greaterThan(0).and.at.most(60_000);
    }
  });

  it('keeps at most the limit of attempts per key', async () => {
    const prefix = redis.freshPrefix();
    const throttle = new RedisLoginThrottle(redis.client(), POLICY, prefix);
    const clock = new FakeClock();
    for (let i = 0; i < 20; i += 1) await throttle.reserve({ username: `user-${i % 2}`, ip: '10.0.0.1' }, clock.now());
    const sizes = await Promise.all((await redis.client().keys(`${prefix}*`)).map((key) => redis.client().zcard(key)));
    expect(sizes.sort()).to.deep.equal([2, 3, 5]); // user-0: 3 (its limit), user-1: 2, the address: 5
  });

  it('shares counts between two clients on the same server and prefix', async () => {
    const prefix = redis.freshPrefix();
    const logger = recordingLogger();
    const other = await connectRedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger);
    try {
      const clock = new FakeClock();
      const first = new RedisLoginThrottle(redis.client(), POLICY, prefix);
      const second = new RedisLoginThrottle(other, POLICY, prefix);
      await fail(first, 'ada', '10.0.0.1', clock.now());
      await fail(second, 'ada', '10.0.0.2', clock.now());
      await fail(first, 'ada', '10.0.0.3', clock.now());
      expect(await second.reserve({ username: 'ada', ip: '10.0.0.4' }, clock.now())).to.deep.equal({
        throttled: true,
        retryAfterSeconds: 60,
      });
      expect(logger.lines).to.deep.equal([]);
    } finally {
      await closeRedis(other);
    }
  });
});

describe('Redis connection for throttling, with Redis down', () => {
  it('connects without waiting, logs the outage once (never the password of the URL), and fails every command at once', async () => {
    const logger = recordingLogger();
    const started = Date.now();
    const client = await connectRedis(UNREACHABLE_REDIS_URL.replace('//', '//:redis-url-password@'), logger);
    try {
      const throttle = new RedisLoginThrottle(client, POLICY, 'never-written:');
      const now = new FakeClock().now();
      const reservation = { source: { username: 'ada', ip: '10.0.0.1' }, id: 'any' };
      const attempts = [
        throttle.reserve({ username: 'ada', ip: '10.0.0.1' }, now),
        throttle.succeeded(reservation),
        throttle.release(reservation),
      ];
      for (const attempt of attempts) {
        let rejected = false;
        await attempt.catch(() => {
          rejected = true;
        });
        expect(rejected).to.equal(true);
      }
      expect(Date.now() - started).to.be.lessThan(1_500);
      expect(logger.lines.map((line) => line.level)).to.deep.equal(['error']);
      expect(JSON.stringify(logger.lines, (_key, value: unknown) => (value instanceof Error ? `${value.stack}` : value))).to.not.include('redis-url-password');
    } finally {
      await closeRedis(client);
    }
  });
});
