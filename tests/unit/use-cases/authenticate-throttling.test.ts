import { expect } from 'chai';
import type { LoginThrottle } from '../../../src/application/ports/login-throttle';
import { BcryptPasswordHasher } from '../../../src/adapters/security/bcrypt-password-hasher';
import { InMemoryLoginThrottle } from '../../../src/adapters/throttle/in-memory-login-throttle';
import { BusyPasswordHasher } from '../../support/busy-password-hasher';
import { leftOf, rightOf } from '../../support/either-assertions';
import { eventsNamed } from '../../support/events-named';
import { buildUseCases, PASSWORD, THROTTLE, type UseCases } from '../../support/use-case-fixture';

const WRONG = 'not the password';

/** A throttle whose store is down: every call rejects. */
const brokenThrottle: LoginThrottle = {
  reserve: () => Promise.reject(new Error('store down')),
  succeeded: () => Promise.reject(new Error('store down')),
  release: () => Promise.reject(new Error('store down')),
};

describe('Authenticate: throttling failed logins', () => {
  let f: UseCases;

  const attempt = (username: string, password: string, ip = '10.0.0.1') =>
    f.authenticate.execute({ username, password, ip });
  const failTimes = async (times: number, username = 'ada', ip = '10.0.0.1'): Promise<void> => {
    for (let i = 0; i < times; i += 1) expect(leftOf(await attempt(username, WRONG, ip))._tag).to.equal('InvalidCredentials');
  };

  beforeEach(async () => {
    f = buildUseCases();
    await f.addUser('ada');
  });

  it('after the limit of failures for a username, refuses even the right password, without checking it', async () => {
    await failTimes(THROTTLE.maxFailuresPerUsername);
    const checked = f.hasher.verifyCalls.length;

    const result = await attempt('ada', PASSWORD, '192.0.2.1');
    expect(leftOf(result)).to.deep.equal({ _tag: 'LoginThrottled', retryAfterSeconds: THROTTLE.windowSeconds });
    expect(f.hasher.verifyCalls).to.have.length(checked);
    expect(eventsNamed(f, 'loginThrottled')).to.deep.equal([
      { username: 'ada', ip: '192.0.2.1', retryAfterSeconds: THROTTLE.windowSeconds },
    ]);
  });

  it('counts unknown usernames like known ones', async () => {
    await failTimes(THROTTLE.maxFailuresPerUsername, 'nobody');
    expect(leftOf(await attempt('nobody', PASSWORD))._tag).to.equal('LoginThrottled');
  });

  it('lets the username in again once the window has passed', async () => {
    await failTimes(THROTTLE.maxFailuresPerUsername);
    f.clock.advanceSeconds(THROTTLE.windowSeconds - 1);
    expect(leftOf(await attempt('ada', PASSWORD))).to.deep.equal({ _tag: 'LoginThrottled', retryAfterSeconds: 1 });
    f.clock.advanceSeconds(1);
    rightOf(await attempt('ada', PASSWORD));
  });

  it("a successful login clears the username's failures", async () => {
    await failTimes(THROTTLE.maxFailuresPerUsername - 1);
    rightOf(await attempt('ada', PASSWORD));
    await failTimes(THROTTLE.maxFailuresPerUsername - 1);
    rightOf(await attempt('ada', PASSWORD));
  });

  it('refuses an address that sprayed failures over many usernames, for every username', async () => {
    for (let i = 0; i < THROTTLE.maxFailuresPerIp; i += 1) await failTimes(1, `user-${i}`, '10.6.6.6');
    const checked = f.hasher.verifyCalls.length;
    expect(leftOf(await attempt('ada', PASSWORD, '10.6.6.6'))._tag).to.equal('LoginThrottled');
    expect(f.hasher.verifyCalls).to.have.length(checked);
    rightOf(await attempt('ada', PASSWORD, '10.0.0.2'));
  });

  it('lets at most the limit of simultaneous attempts for one username check a password; the rest are throttled', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt('ada', WRONG, `10.1.0.${i}`)));
    expect(f.hasher.verifyCalls).to.have.length(THROTTLE.maxFailuresPerUsername);
    const tags = results.map((result) => leftOf(result)._tag);
    expect(tags.filter((tag) => tag === 'InvalidCredentials')).to.have.length(THROTTLE.maxFailuresPerUsername);
    expect(tags.filter((tag) => tag === 'LoginThrottled')).to.have.length(30 - THROTTLE.maxFailuresPerUsername);
  });

  it('lets at most the limit of simultaneous attempts from one address check a password, over any usernames', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(`user-${i}`, WRONG, '10.6.6.6')));
    expect(f.hasher.verifyCalls).to.have.length(THROTTLE.maxFailuresPerIp);
    expect(results.filter((result) => leftOf(result)._tag === 'LoginThrottled')).to.have.length(30 - THROTTLE.maxFailuresPerIp);
  });

  it("does not hold a success against its address: only the address's failures count", async () => {
    for (let i = 0; i < THROTTLE.maxFailuresPerIp - 1; i += 1) await failTimes(1, `user-${i}`, '10.6.6.6');
    for (let i = 0; i < 3; i += 1) rightOf(await attempt('ada', PASSWORD, '10.6.6.6'));
    await failTimes(1, 'bob', '10.6.6.6');
    expect(leftOf(await attempt('ada', PASSWORD, '10.6.6.6'))._tag).to.equal('LoginThrottled');
  });

  it('reports every failure as an event, saying whether the user exists', async () => {
    await failTimes(1, 'ada', '10.0.0.1');
    await failTimes(1, 'nobody', '10.0.0.2');
    expect(eventsNamed(f, 'loginFailed')).to.deep.equal([
      { username: 'ada', ip: '10.0.0.1', reason: 'wrong-password' },
      { username: 'nobody', ip: '10.0.0.2', reason: 'unknown-user' },
    ]);
  });

  it('reports a success with the user and the new session', async () => {
    const session = rightOf(await attempt('ada', PASSWORD));
    const stored = await f.stored(session.refreshToken.value);
    expect(eventsNamed(f, 'loginSucceeded')).to.deep.equal([{ userId: session.user.id, familyId: stored.familyId, ip: '10.0.0.1' }]);
  });

  describe('with the throttle store down', () => {
    beforeEach(async () => {
      f = buildUseCases(undefined, brokenThrottle);
      await f.addUser('ada');
    });

    it('fails open: checks passwords as usual, and reports the outage on each call', async () => {
      for (let i = 0; i < THROTTLE.maxFailuresPerUsername + 2; i += 1) {
        expect(leftOf(await attempt('ada', WRONG))._tag).to.equal('InvalidCredentials');
      }
      rightOf(await attempt('ada', PASSWORD));
      const outages = eventsNamed(f, 'throttleUnavailable');
      // One per attempt: its reservation failed, so there is nothing to settle.
      expect(outages).to.have.length(THROTTLE.maxFailuresPerUsername + 3);
      expect(String(outages[0]?.error)).to.include('store down');
    });
  });

  describe('with the password hasher too busy', () => {
    let busy: BusyPasswordHasher;
    beforeEach(async () => {
      busy = new BusyPasswordHasher(new BcryptPasswordHasher(4));
      f = buildUseCases(undefined, new InMemoryLoginThrottle(THROTTLE), { innerHasher: busy });
      await f.addUser('ada');
    });

    it('refuses at once with ServiceBusy and its Retry-After, and counts the attempt for neither username nor address', async () => {
      busy.busyFor = 2;
      for (let i = 0; i < THROTTLE.maxFailuresPerIp + 1; i += 1) {
        expect(leftOf(await attempt('ada', PASSWORD))).to.deep.equal({ _tag: 'ServiceBusy', retryAfterSeconds: 2 });
      }
      busy.busyFor = null;
      await failTimes(THROTTLE.maxFailuresPerUsername - 1);
      rightOf(await attempt('ada', PASSWORD));
      expect(eventsNamed(f, 'loginFailed')).to.have.length(THROTTLE.maxFailuresPerUsername - 1);
    });
  });

  it('does not count an attempt whose password check failed to run (the hasher threw)', async () => {
    const bcrypt = new BcryptPasswordHasher(4);
    let broken = false;
    f = buildUseCases(undefined, new InMemoryLoginThrottle(THROTTLE), {
      innerHasher: {
        hash: (password) => bcrypt.hash(password),
        verify: (password, hash) => (broken ? Promise.reject(new Error('hashing thread died')) : bcrypt.verify(password, hash)),
      },
    });
    await f.addUser('ada');
    broken = true;
    for (let i = 0; i < THROTTLE.maxFailuresPerIp + 1; i += 1) {
      let error: unknown;
      await attempt('ada', WRONG).catch((thrown: unknown) => (error = thrown));
      expect(String(error)).to.include('hashing thread died');
    }
    broken = false;
    await failTimes(THROTTLE.maxFailuresPerUsername - 1);
    rightOf(await attempt('ada', PASSWORD));
  });
});
