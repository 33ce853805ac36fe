import { expect } from 'chai';
import { TEST_REDIS_URL, UNREACHABLE_REDIS_URL, useRedisServer } from '../support/redis-server';
import { startTestApp, type TestApp } from '../support/test-app';

describe('HTTP: /ready reports the throttle\'s Redis, and only the store decides', () => {
  useRedisServer();
  let app: TestApp | undefined;
  afterEach(async () => app?.close());

  it('Redis down: still ready (throttling fails open), and says so', async () => {
    app = await startTestApp({ env: { REDIS_URL: UNREACHABLE_REDIS_URL } });
    const ready = await app.api.get('/ready');
    expect(ready.status).to.equal(200);
    expect(ready.body).to.deep.equal({ status: 'ready', checks: { store: 'up', redis: 'down' }, topology: 'embedded' });
  });

  it('Redis up: reported up', async () => {
    app = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL } });
    expect((await app.api.get('/ready')).body).to.deep.equal({ status: 'ready', checks: { store: 'up', redis: 'up' }, topology: 'embedded' });
  });
});
