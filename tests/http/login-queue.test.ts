import { expect } from 'chai';
import { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher';
import { WorkerPasswordHasher } from '../../src/adapters/security/worker-password-hasher';
import { BusyPasswordHasher } from '../support/busy-password-hasher';
import type { ApiClient, ApiResponse } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

const BUSY = { message: 'Service busy, try again later' };

const attempt = (api: ApiClient, username: string, password: string, ip: string): Promise<ApiResponse> =>
  api.post('/users/authenticate', { json: { username, password }, headers: { 'X-Forwarded-For': ip } });

describe('HTTP: logins when password checks are backed up', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers 503 with Retry-After, at once and unchecked, while the hasher is busy; such attempts are not counted as failures', async () => {
    const hasher = new BusyPasswordHasher(new BcryptPasswordHasher(4));
    app = await startTestApp({ passwordHasher: hasher, env: { LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'true' } });
    hasher.busyFor = 2;
    for (let i = 0; i < 5; i += 1) {
      const refused = await attempt(app.api, 'test', 'test', '198.51.100.1');
      expect(refused.status).to.equal(503);
      expect(refused.body).to.deep.equal(BUSY);
      expect(refused.headers.get('retry-after')).to.equal('2');
      expect(refused.cookie).to.equal(undefined);
    }
    hasher.busyFor = null;
    expect((await attempt(app.api, 'test', 'test', '198.51.100.1')).status).to.equal(200);
  });

  it('with the real worker pool: however large a flood over many usernames and addresses, no login waits behind more than the queue capacity', async function () {
    this.timeout(60_000);
    const capacity = 4;
    // Cost 8: each compare takes long enough (~20 ms) that a flood outruns the single thread.
    const pool = new WorkerPasswordHasher(8, { threads: 1, queueCapacity: capacity });
    try {
      app = await startTestApp({ passwordHasher: pool, env: { TRUST_PROXY: 'true' } });
      const api = app.api;
      for (const [round, size] of [100, 400].entries()) {
        const flood = Array.from({ length: size }, (_, i) =>
          attempt(api, `flood-${round}-${i}`, 'wrong', `10.${round}.${Math.floor(i / 250)}.${i % 250}`),
        );
        const user = await attempt(api, 'test', 'test', '203.0.113.10');
        const answers = await Promise.all(flood);

        // A login is answered or refused at once: never queued behind more than `capacity` others.
        expect(pool.peakWaiting).to.be.at.most(capacity);
        expect([200, 503]).to.include(user.status);
        const statuses = new Set(answers.map((answer) => answer.status));
        expect([...statuses].sort()).to.deep.equal([400, 503]);
        for (const refused of answers.filter((answer) => answer.status === 503)) {
          expect(Number(refused.headers.get('retry-after'))).to.be.at.least(1);
        }
      }
      expect((await attempt(api, 'test', 'test', '203.0.113.10')).status).to.equal(200);
    } finally {
      await pool.close();
    }
  });
});
