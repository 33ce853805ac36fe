import { expect } from 'chai';
import { InMemoryLoginThrottle } from '../../../../src/adapters/throttle/in-memory-login-throttle';
import { FakeClock } from '../../../support/fake-clock';

const POLICY = { maxFailuresPerUsername: 3, maxFailuresPerIp: 5, windowSeconds: 60 };

/** An attempt counted and left counted (a failure). */
const fail = async (throttle: InMemoryLoginThrottle, username: string, ip: string, now: Date): Promise<void> => {
  expect((await throttle.reserve({ username, ip }, now)).throttled).to.equal(false);
};

describe('InMemoryLoginThrottle: bounded memory', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  it('drops keys whose failures have all left the window', async () => {
    const throttle = new InMemoryLoginThrottle(POLICY);
    for (let i = 0; i < 50; i += 1) await fail(throttle, `user-${i}`, `10.0.0.${i}`, clock.now());
    expect(throttle.size).to.equal(100);
    clock.advanceSeconds(61);
    await fail(throttle, 'late', '10.9.9.9', clock.now());
    expect(throttle.size).to.equal(2);
  });

  it('keeps at most maxKeys keys, dropping the least recently failed first', async () => {
    const throttle = new InMemoryLoginThrottle(POLICY, 4);
    for (const username of ['u1', 'u2', 'u3', 'u4', 'u5']) await fail(throttle, username, '10.0.0.1', clock.now());
    expect(throttle.size).to.equal(4);
    // The address failed last every time: it is kept, with all five failures.
    expect(await throttle.reserve({ username: 'ada', ip: '10.0.0.1' }, clock.now())).to.deep.equal({
      throttled: true,
      retryAfterSeconds: 60,
    });
  });

  it("a success frees the username's key, and a release both keys", async () => {
    const throttle = new InMemoryLoginThrottle(POLICY);
    const granted = async () => {
      const verdict = await throttle.reserve({ username: 'ada', ip: '10.0.0.1' }, clock.now());
      return verdict.throttled ? expect.fail('throttled') : verdict.reservation;
    };
    await fail(throttle, 'ada', '10.0.0.1', clock.now());
    await throttle.succeeded(await granted());
    expect(throttle.size).to.equal(1);
    await throttle.release(await granted());
    expect(throttle.size).to.equal(1);
    await throttle.succeeded(await granted());
    await throttle.release(await granted());
    expect(throttle.size).to.equal(1); // the address keeps its one failure
  });
});
