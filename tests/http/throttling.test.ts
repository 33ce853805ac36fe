import { expect } from 'chai';
import { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher';
import { WorkerPasswordHasher } from '../../src/adapters/security/worker-password-hasher';
import type { ApiClient, ApiResponse } from '../support/http-client';
import { RecordingPasswordHasher } from '../support/recording-password-hasher';
import { TEST_REDIS_URL, UNREACHABLE_REDIS_URL, useRedisServer } from '../support/redis-server';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app';
import { login } from './suites/harness';

const LIMITS = { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP: '5', LOGIN_WINDOW_SECONDS: '60', TRUST_PROXY: 'true' };
const THROTTLED = { message: 'Too many failed login attempts, try again later' };

const attempt = (api: ApiClient, username: string, password: string, ip = '198.51.100.1'): Promise<ApiResponse> =>
  api.post('/users/authenticate', { json: { username, password }, headers: { 'X-Forwarded-For': ip } });

const failTimes = async (api: ApiClient, times: number, username = 'test', ip = '198.51.100.1'): Promise<void> => {
  for (let i = 0; i < times; i += 1) expect((await attempt(api, username, 'wrong', ip)).status).to.equal(400);
};

const BURST = 1_000;

/** Statuses of answers, counted: { 400: 3, 429: 997 }. */
const tally = (answers: readonly ApiResponse[]): Record<number, number> =>
  answers.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('HTTP: login throttling', () => {
  const apps: TestApp[] = [];
  const start = async (options: TestAppOptions = {}): Promise<TestApp> => {
    const app = await startTestApp({ ...options, env: { ...LIMITS, ...options.env } });
    apps.push(app);
    return app;
  };
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  /** BURST simultaneous failed logins for one unknown username from one address: the limit's worth of bcrypt runs, the rest 429. */
  const burstOfFailures = async (options: TestAppOptions = {}): Promise<void> => {
    // The production hasher (threads, a queue the burst cannot fill): the event loop keeps taking
    // requests while passwords are checked, as it does under a real burst.
    const pool = new WorkerPasswordHasher(4, { threads: 1, queueCapacity: BURST });
    const hasher = new RecordingPasswordHasher(pool);
    try {
      const { api } = await start({ ...options, passwordHasher: hasher });
      const answers = await Promise.all(Array.from({ length: BURST }, () => attempt(api, 'nobody', 'wrong', '198.51.100.77')));
      expect(hasher.verifyCalls).to.have.length(Number(LIMITS.LOGIN_MAX_FAILURES));
      expect(tally(answers)).to.deep.equal({ 400: 3, 429: BURST - 3 });
      expect(answers.filter((answer) => answer.status === 429).every((answer) => answer.headers.get('retry-after') === '60')).to.equal(true);
    } finally {
      await pool.close();
    }
  };

  describe('in memory (no REDIS_URL)', () => {
    it('counts failures of one username in any case together: TEST and test are one account', async () => {
      const { api } = await start();
      await failTimes(api, 1, 'TEST', '198.51.100.1');
      await failTimes(api, 1, 'Test', '198.51.100.2');
      await failTimes(api, 1, 'test', '198.51.100.3');
      expect((await attempt(api, 'test', 'test', '203.0.113.50')).status).to.equal(429);
    });

    it(`checks at most LOGIN_MAX_FAILURES passwords of ${BURST} simultaneous failed logins for one username; the rest get 429`, async function () {
      this.timeout(30_000);
      await burstOfFailures();
    });

    it('answers 429 with Retry-After, from any address, once a username has its limit of failures — without checking the password', async () => {
      const hasher = new RecordingPasswordHasher(new BcryptPasswordHasher(4));
      const { api } = await start({ passwordHasher: hasher });
      await failTimes(api, 1, 'test', '198.51.100.1');
      await failTimes(api, 1, 'test', '198.51.100.2');
      await failTimes(api, 1, 'test', '198.51.100.3');
      const checked = hasher.verifyCalls.length;

      const refused = await attempt(api, 'test', 'test', '203.0.113.50');
      expect(refused.status).to.equal(429);
      expect(refused.body).to.deep.equal(THROTTLED);
      expect(refused.headers.get('retry-after')).to.equal('60');
      expect(refused.cookie).to.equal(undefined);
      expect(hasher.verifyCalls).to.have.length(checked);
    });

    it('counts Retry-After down with the clock and lets the username in once the window has passed', async () => {
      const app = await start();
      await failTimes(app.api, 3);
      app.clock.advanceSeconds(45);
      expect((await attempt(app.api, 'test', 'test')).headers.get('retry-after')).to.equal('15');
      app.clock.advanceSeconds(15);
      await login(app.api);
    });

    it('throttles one username only: others log in', async () => {
      const app = await start();
      const admin = await login(app.api);
      await app.api.post('/users', {
        bearer: admin.body.jwtToken,
        json: { firstName: 'A', lastName: 'B', username: 'alice', password: 'a-long-password', role: 'User' },
      });
      await failTimes(app.api, 3, 'test', '198.51.100.1');
      expect((await attempt(app.api, 'alice', 'a-long-password', '198.51.100.2')).status).to.equal(200);
    });

    it("a successful login clears the username's failures", async () => {
      const { api } = await start();
      await failTimes(api, 2);
      expect((await attempt(api, 'test', 'test')).status).to.equal(200);
      await failTimes(api, 2);
      expect((await attempt(api, 'test', 'test')).status).to.equal(200);
    });

    it('answers 429 to an address that sprayed its limit of failures over many usernames', async () => {
      const { api } = await start();
      for (const username of ['a1', 'a2', 'a3', 'a4', 'a5']) await failTimes(api, 1, username, '198.51.100.66');
      const refused = await attempt(api, 'test', 'test', '198.51.100.66');
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('retry-after')).to.equal('60');
      expect((await attempt(api, 'test', 'test', '198.51.100.67')).status).to.equal(200);
    });

    it('uses 10 failures per username, 100 per address and 900 seconds by default', async () => {
      const app = await startTestApp();
      apps.push(app);
      expect(app.config.loginThrottle).to.deep.equal({ maxFailuresPerUsername: 10, maxFailuresPerIp: 100, windowSeconds: 900 });
      await failTimes(app.api, 10);
      const refused = await app.api.post('/users/authenticate', { json: { username: 'test', password: 'test' } });
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('retry-after')).to.equal('900');
    });
  });

  describe('on a real Redis (REDIS_URL)', () => {
    const redis = useRedisServer();
    const onRedis = (prefix: string): TestAppOptions => ({ env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix } });

    it(`checks at most LOGIN_MAX_FAILURES passwords of ${BURST} simultaneous failed logins for one username; the rest get 429`, async function () {
      this.timeout(30_000);
      await burstOfFailures(onRedis(redis.freshPrefix()));
    });

    it('two instances share the counts: failures on either throttle both, a success on either clears both', async () => {
      const prefix = redis.freshPrefix();
      const first = await start(onRedis(prefix));
      const second = await start(onRedis(prefix));

      await failTimes(first.api, 2, 'test', '198.51.100.1');
      expect((await attempt(second.api, 'test', 'test')).status).to.equal(200);
      await failTimes(first.api, 2, 'test', '198.51.100.1');
      await failTimes(second.api, 1, 'test', '198.51.100.2');
      for (const app of [first, second]) {
        const refused = await attempt(app.api, 'test', 'test', '203.0.113.9');
        expect(refused.status).to.equal(429);
        expect(refused.headers.get('retry-after')).to.equal('60');
      }
      first.clock.advanceSeconds(60);
      expect((await attempt(first.api, 'test', 'test')).status).to.equal(200);
      expect((await attempt(second.api, 'test', 'test')).status).to.equal(200); // cleared by the first one's success
    });

    it('keeps its keys under REDIS_KEY_PREFIX, each with a TTL', async () => {
      const prefix = redis.freshPrefix();
      const { api } = await start(onRedis(prefix));
      await failTimes(api, 1);
      const keys = await redis.client().keys(`${prefix}*`);
      expect(keys).to.have.length(2);
      for (const key of keys) expect(await redis.client().pttl(key)).to.be.within(1, 60_000);
    });

    it('closes its Redis connection with the service', async () => {
      const prefix = redis.freshPrefix();
      const app = await start(onRedis(prefix));
      const connection = `name=${prefix}login-throttle `;
      expect(await redis.client().client('LIST')).to.include(connection);
      await app.close();
      apps.splice(apps.indexOf(app), 1);
      expect(await redis.client().client('LIST')).to.not.include(connection);
    });
  });

  describe('with Redis down', () => {
    it('fails open: logins are checked as usual, never 429 nor 500, quickly, with an error log line', async () => {
      const app = await start({ env: { REDIS_URL: UNREACHABLE_REDIS_URL } });
      const started = Date.now();
      await failTimes(app.api, 5);
      expect((await attempt(app.api, 'test', 'test')).status).to.equal(200);
      expect(Date.now() - started).to.be.lessThan(2_000);

      const errors = app.logLines().filter((line) => line.level === 50);
      expect(errors.filter((line) => line.event === 'login-throttle-unavailable')).to.have.length.greaterThan(0);
      expect(errors.some((line) => line.msg === 'unhandled error')).to.equal(false);
    });
  });
});
