import { expect } from 'chai';
import { InMemoryLoginThrottle } from '../../../../src/adapters/throttle/in-memory-login-throttle';
import { FakeClock } from '../../../support/fake-clock';

const POLICY = { maxFailuresPerUsername: 3, maxFailuresPerIp: 5, windowSeconds: 60 };

describe('InMemoryLoginThrottle: bounded memory', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  it('drops keys whose failures have all left the window', async () => {
    const throttle = new InMemoryLoginThrottle(POLICY);
    for (let i = 0; i < 50; i += 1) await throttle.recordFailure({ username: `user-${i}`, ip: `10.0.0.${i}` }, clock.now());
    expect(throttle.size).to.equal(100);
    clock.advanceSeconds(61);
    await throttle.recordFailure({ username: 'late', ip: '10.9.9.9' }, clock.now());
    expect(throttle.size).to.equal(2);
  });

  it('keeps at most maxKeys keys, dropping the least recently failed first', async () => {
    const throttle = new InMemoryLoginThrottle(POLICY, 4);
    for (const username of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      await throttle.recordFailure({ username, ip: '10.0.0.1' }, clock.now());
    }
    expect(throttle.size).to.equal(4);
    // The address failed last every time: it is kept, with all five failures.
    expect(await throttle.check({ username: 'ada', ip: '10.0.0.1' }, clock.now())).to.deep.equal({
      throttled: true,
      retryAfterSeconds: 60,
    });
  });

  it('clearUsername frees the key', async () => {
    const throttle = new InMemoryLoginThrottle(POLICY);
    await throttle.recordFailure({ username: 'ada', ip: '10.0.0.1' }, clock.now());
    await throttle.clearUsername('ada');
    expect(throttle.size).to.equal(1);
  });
});
