import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type {
  LoginSource,
  LoginThrottle,
  LoginThrottlePolicy,
  ThrottleVerdict,
} from '../../application/ports/login-throttle';
import { ipKey, usernameKey, verdictOf, waitMs } from './throttle-window';

export const DEFAULT_KEY_PREFIX = 'jwt-refresh-auth:';

type PipelineResult = [error: Error | null, result: unknown][] | null;

/**
 * Failure counts shared by every instance on one Redis. Each key is a sorted set of failure
 * times (scored by the `now` handed in, so a test clock works against a real server), trimmed
 * to the newest `max` and expiring a window after its last failure.
 */
export class RedisLoginThrottle implements LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly policy: LoginThrottlePolicy,
    private readonly keyPrefix: string = DEFAULT_KEY_PREFIX,
  ) {}

  async check(source: LoginSource, now: Date): Promise<ThrottleVerdict> {
    const nowMs = now.getTime();
    const after = `(${nowMs - this.windowMs}`; // exclusive: a failure exactly a window old has left it
    const userKey = this.key(usernameKey(source.username));
    const addressKey = this.key(ipKey(source.ip));
    const replies = await this.redis
      .multi()
      .zcount(userKey, after, '+inf')
      .zrangebyscore(userKey, after, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
      .zcount(addressKey, after, '+inf')
      .zrangebyscore(addressKey, after, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
      .exec();
    const [userCount, userOldest, ipCount, ipOldest] = resultsOf(replies);
    return verdictOf(
      waitMs(windowOf(userCount, userOldest), this.policy.maxFailuresPerUsername, this.windowMs, nowMs),
      waitMs(windowOf(ipCount, ipOldest), this.policy.maxFailuresPerIp, this.windowMs, nowMs),
    );
  }

  async recordFailure(source: LoginSource, now: Date): Promise<void> {
    const nowMs = now.getTime();
    // Unique per failure: two failures in the same millisecond are two members.
    const member = `${nowMs}:${randomBytes(6).toString('hex')}`;
    const transaction = this.redis.multi();
    for (const [key, max] of [
      [this.key(usernameKey(source.username)), this.policy.maxFailuresPerUsername],
      [this.key(ipKey(source.ip)), this.policy.maxFailuresPerIp],
    ] as const) {
      transaction
        .zadd(key, nowMs, member)
        .zremrangebyscore(key, '-inf', nowMs - this.windowMs)
        .zremrangebyrank(key, 0, -(max + 1))
        .pexpire(key, this.windowMs);
    }
    resultsOf(await transaction.exec());
  }

  async clearUsername(username: string): Promise<void> {
    await this.redis.del(this.key(usernameKey(username)));
  }

  private get windowMs(): number {
    return this.policy.windowSeconds * 1000;
  }

  private key(suffix: string): string {
    return `${this.keyPrefix}login-throttle:${suffix}`;
  }
}

/** The replies of a transaction, or the first error in it thrown. */
const resultsOf = (replies: PipelineResult): unknown[] => {
  if (replies === null) throw new Error('redis transaction was aborted');
  return replies.map(([error, result]) => {
    if (error !== null) throw error;
    return result;
  });
};

const windowOf = (count: unknown, oldest: unknown): { count: number; oldest: number | undefined } => {
  const [, score] = Array.isArray(oldest) ? (oldest as string[]) : [];
  return { count: Number(count), oldest: score === undefined ? undefined : Number(score) };
};
