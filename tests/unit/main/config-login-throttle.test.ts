import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../src/main/config';

describe('config: login throttling and Redis', () => {
  it('defaults to 10 failures per username and 100 per address in 900 seconds, counted in memory', () => {
    const config = loadConfig({});
    expect(config.loginThrottle).to.deep.equal({ maxFailuresPerUsername: 10, maxFailuresPerIp: 100, windowSeconds: 900 });
    expect(config.redis).to.equal(undefined);
  });

  it('reads LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_IP, LOGIN_WINDOW_SECONDS, REDIS_URL and REDIS_KEY_PREFIX', () => {
    const config = loadConfig({
      LOGIN_MAX_FAILURES: '5',
      LOGIN_MAX_FAILURES_PER_IP: '50',
      LOGIN_WINDOW_SECONDS: '300',
      REDIS_URL: 'rediss://:pw@cache.internal:6380/2',
      REDIS_KEY_PREFIX: 'auth-eu:',
    });
    expect(config.loginThrottle).to.deep.equal({ maxFailuresPerUsername: 5, maxFailuresPerIp: 50, windowSeconds: 300 });
    expect(config.redis).to.deep.equal({ url: 'rediss://:pw@cache.internal:6380/2', keyPrefix: 'auth-eu:' });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis?.keyPrefix).to.equal('jwt-refresh-auth:');
  });

  it("reads BCRYPT_QUEUE_CAPACITY (1 to 100000); unset, the hasher's default applies", () => {
    expect(loadConfig({}).bcryptQueueCapacity).to.equal(undefined);
    expect(loadConfig({ BCRYPT_QUEUE_CAPACITY: '8' }).bcryptQueueCapacity).to.equal(8);
    expect(() => loadConfig({ BCRYPT_QUEUE_CAPACITY: '0' })).to.throw(ConfigError, 'BCRYPT_QUEUE_CAPACITY must be an integer from 1 to 100000');
  });

  it('names every bad value', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({ LOGIN_MAX_FAILURES: '0', LOGIN_WINDOW_SECONDS: 'soon', REDIS_URL: 'http://cache:6379' });
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).to.have.length(3);
    for (const expected of [
      'LOGIN_MAX_FAILURES must be an integer from 1 to 1000000',
      'LOGIN_WINDOW_SECONDS must be an integer from 1 to 604800',
      'REDIS_URL must be a redis:// or rediss:// URL',
    ]) {
      expect(problems.some((problem) => problem.startsWith(expected)), expected).to.equal(true);
    }
  });
});
