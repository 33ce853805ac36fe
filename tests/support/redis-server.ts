import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the throttling tests run against: TEST_REDIS_URL, else the local server. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Nothing listens on port 1: a Redis that is down. */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

export type RedisTestServer = Readonly<{
  /** A key prefix no other test or run uses; its keys are deleted in the after hook. */
  freshPrefix(): string;
  /** A client for set-up and inspection, connected in the before hook. */
  client(): Redis;
}>;

const deleteKeys = async (redis: Redis, prefix: string): Promise<void> => {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
};

/**
 * Registers before/after hooks in the calling describe. Without a Redis server the suite fails
 * under CI and is skipped, with one line of explanation, elsewhere (scripts/ensure-redis.sh starts one).
 */
export const useRedisServer = (): RedisTestServer => {
  const runId = randomBytes(4).toString('hex');
  const prefixes: string[] = [];
  let client: Redis | undefined;

  before(async function () {
    const candidate = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, connectTimeout: 1_000, retryStrategy: () => null });
    candidate.on('error', () => undefined); // a refused connection is reported by connect() below
    try {
      await candidate.connect();
      client = candidate;
    } catch (error) {
      candidate.disconnect();
      const needs = `no Redis at ${TEST_REDIS_URL} (${String(error)}); run scripts/ensure-redis.sh or set TEST_REDIS_URL`;
      if (process.env.CI) throw new Error(needs);
      process.stdout.write(`  Skipped: ${needs}\n`);
      this.skip();
    }
  });

  after(async () => {
    if (client === undefined) return;
    for (const prefix of prefixes) await deleteKeys(client, prefix);
    await client.quit();
  });

  return {
    freshPrefix: () => {
      const prefix = `test-${runId}-${prefixes.length + 1}:`;
      prefixes.push(prefix);
      return prefix;
    },
    client: () => client ?? fail(),
  };
};

const fail = (): never => {
  throw new Error('client() is only available inside tests of the describe that called useRedisServer()');
};
