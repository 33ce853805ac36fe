import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type {
  LoginSource,
  LoginThrottle,
  LoginThrottlePolicy,
  Reservation,
  ThrottleVerdict,
} from '../../application/ports/login-throttle';
import { ipKey, retryAfterOf, usernameKey } from './throttle-window';

export const DEFAULT_KEY_PREFIX = 'jwt-refresh-auth:';

type PipelineResult = [error: Error | null, result: unknown][] | null;

/**
 * Check and count in one step, so that no other client's attempt can come in between: a
 * script runs alone on the server. KEYS: the username's and the address's sorted sets. ARGV:
 * now (ms), window (ms), the username's limit, the address's limit, this attempt's member.
 * Answers 0 when the attempt was counted against both, else the wait in ms until one of the
 * two keys that are at their limit lets one more through (the longer of the two).
 */
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[2 + i]) then
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return wait end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[i], window)
end
return 0
`;

/**
 * Attempt counts shared by every instance on one Redis. Each key is a sorted set of attempts
 * (scored by the `now` handed in, so a test clock works against a real server), holding at
 * most its limit (the script counts an attempt only below it) and expiring a window after
 * its last attempt.
 */
export class RedisLoginThrottle implements LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly policy: LoginThrottlePolicy,
    private readonly keyPrefix: string = DEFAULT_KEY_PREFIX,
  ) {}

  async reserve(source: LoginSource, now: Date): Promise<ThrottleVerdict> {
    const nowMs = now.getTime();
    // Unique per attempt: two attempts in the same millisecond are two members.
    const id = `${nowMs}:${randomBytes(6).toString('hex')}`;
    const wait = await this.redis.eval(
      RESERVE_SCRIPT,
      2,
      this.userKey(source),
      this.addressKey(source),
      nowMs,
      this.windowMs,
      this.policy.maxFailuresPerUsername,
      this.policy.maxFailuresPerIp,
      id,
    );
    const retryAfterSeconds = retryAfterOf(Number(wait));
    return retryAfterSeconds === null ? { throttled: false, reservation: { source, id } } : { throttled: true, retryAfterSeconds };
  }

  async succeeded(reservation: Reservation): Promise<void> {
    resultsOf(
      await this.redis
        .multi()
        .del(this.userKey(reservation.source))
        .zrem(this.addressKey(reservation.source), reservation.id)
        .exec(),
    );
  }

  async release(reservation: Reservation): Promise<void> {
    resultsOf(
      await this.redis
        .multi()
        .zrem(this.userKey(reservation.source), reservation.id)
        .zrem(this.addressKey(reservation.source), reservation.id)
        .exec(),
    );
  }

  private get windowMs(): number {
    return this.policy.windowSeconds * 1000;
  }

  private userKey(source: LoginSource): string {
    return this.key(usernameKey(source.username));
  }

  private addressKey(source: LoginSource): string {
    return this.key(ipKey(source.ip));
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
