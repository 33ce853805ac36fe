import { expect } from 'chai';
import type { LoginThrottle, LoginThrottlePolicy, Reservation, ThrottleVerdict } from '../../src/application/ports/login-throttle';
import { FakeClock } from '../support/fake-clock';
import type { ContractFactory } from './contract-factory';

export const CONTRACT_POLICY: LoginThrottlePolicy = { maxFailuresPerUsername: 3, maxFailuresPerIp: 5, windowSeconds: 60 };

/** A throttle built with the policy, and what removes its traces afterwards. */
export type LoginThrottleFactory = ContractFactory<LoginThrottle, LoginThrottlePolicy>;

/** The LoginThrottle port's promises, for every adapter. */
export const describeLoginThrottleContract = (adapterName: string, makeThrottle: LoginThrottleFactory): void => {
  describe(`LoginThrottle contract: ${adapterName}`, () => {
    let throttle: LoginThrottle;
    let cleanup: () => Promise<void>;
    let clock: FakeClock;

    beforeEach(async () => {
      ({ subject: throttle, cleanup } = await makeThrottle(CONTRACT_POLICY));
      clock = new FakeClock();
    });
    afterEach(async () => cleanup());

    const reserved = async (username: string, ip: string): Promise<Reservation> => {
      const verdict = await throttle.reserve({ username, ip }, clock.now());
      if (verdict.throttled) return expect.fail(`${username} from ${ip} was throttled`);
      expect(verdict.reservation.source).to.deep.equal({ username, ip });
      return verdict.reservation;
    };
    /** Attempts that failed: reserved and left counted. */
    const fail = async (username: string, ip: string, times = 1): Promise<void> => {
      for (let i = 0; i < times; i += 1) await reserved(username, ip);
    };
    /** Whether one more attempt would pass now, leaving the counts as they were. */
    const check = async (username: string, ip: string): Promise<Readonly<{ throttled: boolean; retryAfterSeconds?: number }>> => {
      const verdict: ThrottleVerdict = await throttle.reserve({ username, ip }, clock.now());
      if (verdict.throttled) return verdict;
      await throttle.release(verdict.reservation);
      return { throttled: false };
    };

    it('lets a username with no failures through', async () => {
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
    });

    it('refuses a username from any address once it has its limit of failures, for the rest of the window', async () => {
      await fail('ada', '10.0.0.1', 2);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
      await fail('ada', '10.0.0.2');
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
      expect(await check('ada', '192.0.2.7')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
    });

    it('counts each username apart', async () => {
      await fail('ada', '10.0.0.1', 3);
      expect(await check('bob', '10.0.0.9')).to.deep.equal({ throttled: false });
      expect(await check('ada.l', '10.0.0.9')).to.deep.equal({ throttled: false });
    });

    it('counts usernames that differ only in case as one, as logins match them', async () => {
      await fail('ada', '10.0.0.1');
      await fail('ADA', '10.0.0.2');
      await fail('Ada', '10.0.0.3');
      expect(await check('aDa', '10.0.0.9')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
    });

    it('lets a success in any case forget the failures of the username', async () => {
      await fail('ada', '10.0.0.1', 2);
      await throttle.succeeded(await reserved('ADA', '10.0.0.2'));
      await fail('Ada', '10.0.0.3', 2);
      expect(await check('ada', '10.0.0.4')).to.deep.equal({ throttled: false });
    });

    it('answers the time until the oldest counted failure leaves the window', async () => {
      await fail('ada', '10.0.0.1');
      clock.advanceSeconds(10);
      await fail('ada', '10.0.0.1');
      clock.advanceSeconds(10);
      await fail('ada', '10.0.0.1');
      clock.advanceSeconds(10);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 30 });
      clock.advanceSeconds(29);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 1 });
      clock.advanceSeconds(1); // the first failure is exactly a window old: it no longer counts
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
      await fail('ada', '10.0.0.1');
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 10 });
    });

    it('rounds a partial second up, and never answers less than one second', async () => {
      await fail('ada', '10.0.0.1', 3);
      clock.advanceSeconds(59.5);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 1 });
      clock.advanceSeconds(0.499);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 1 });
    });

    it('does not count refused attempts: checking while throttled does not extend the wait', async () => {
      await fail('ada', '10.0.0.1', 3);
      for (let i = 0; i < 5; i += 1) {
        clock.advanceSeconds(10);
        await check('ada', '10.0.0.1');
      }
      clock.advanceSeconds(10);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
    });

    it('forgets failures once the window has passed', async () => {
      await fail('ada', '10.0.0.1', 3);
      clock.advanceSeconds(61);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
      await fail('ada', '10.0.0.1', 2);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
    });

    it('refuses an address that sprayed its limit of failures over many usernames, for any username', async () => {
      for (const username of ['u1', 'u2', 'u3', 'u4']) await fail(username, '10.0.0.1');
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
      clock.advanceSeconds(5);
      await fail('u5', '10.0.0.1');
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 55 });
      expect(await check('ada', '10.0.0.2')).to.deep.equal({ throttled: false });
      expect(await check('u1', '10.0.0.2')).to.deep.equal({ throttled: false });
    });

    it('answers the longer wait when both the username and the address are over their limits', async () => {
      await fail('ada', '10.0.0.2', 2);
      clock.advanceSeconds(20);
      await fail('ada', '10.0.0.1'); // ada: over, until t=60
      await fail('bob', '10.0.0.1', 2);
      await fail('carol', '10.0.0.1', 2); // 10.0.0.1: over, until t=80
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
      expect(await check('ada', '10.0.0.3')).to.deep.equal({ throttled: true, retryAfterSeconds: 40 });
      clock.advanceSeconds(40);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 20 });
      expect(await check('ada', '10.0.0.3')).to.deep.equal({ throttled: false });
    });

    it("a success forgets the username's attempts, and itself from the address's count, keeping the address's failures", async () => {
      await fail('ada', '10.0.0.1', 2);
      await throttle.succeeded(await reserved('ada', '10.0.0.1'));
      await fail('ada', '10.0.0.2', 2);
      expect(await check('ada', '10.0.0.3')).to.deep.equal({ throttled: false });
      // 10.0.0.1: ada's two failures stay counted, the success does not: three more fill its five.
      await fail('bob', '10.0.0.1', 2);
      expect(await check('carol', '10.0.0.1')).to.deep.equal({ throttled: false });
      await fail('carol', '10.0.0.1');
      expect(await check('dave', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
    });

    it('a released attempt counts for neither the username nor the address', async () => {
      for (let i = 0; i < 10; i += 1) await throttle.release(await reserved('ada', '10.0.0.1'));
      await fail('ada', '10.0.0.1', 2);
      expect(await check('ada', '10.0.0.1')).to.deep.equal({ throttled: false });
    });

    it('settling a reservation whose counts have expired or gone is a no-op', async () => {
      const old = await reserved('ada', '10.0.0.1');
      clock.advanceSeconds(61);
      await fail('ada', '10.0.0.1', 2);
      await throttle.release(old);
      await throttle.succeeded(old);
      await fail('bob', '10.0.0.1', 3);
      expect(await check('eve', '10.0.0.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
    });

    it('counts every one of concurrent failures', async () => {
      await Promise.all([fail('ada', '10.0.0.1'), fail('ada', '10.0.0.2'), fail('ada', '10.0.0.3')]);
      expect(await check('ada', '10.0.0.4')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
    });

    it('lets exactly the limit of simultaneous attempts for one username through, from any addresses', async () => {
      const verdicts = await Promise.all(
        Array.from({ length: 40 }, (_, i) => throttle.reserve({ username: 'ada', ip: `10.0.1.${i}` }, clock.now())),
      );
      expect(verdicts.filter((verdict) => !verdict.throttled)).to.have.length(CONTRACT_POLICY.maxFailuresPerUsername);
      expect(await check('ada', '10.0.2.1')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
    });

    it('lets exactly the limit of simultaneous attempts from one address through, over any usernames', async () => {
      const verdicts = await Promise.all(
        Array.from({ length: 40 }, (_, i) => throttle.reserve({ username: `user-${i}`, ip: '10.0.0.1' }, clock.now())),
      );
      expect(verdicts.filter((verdict) => !verdict.throttled)).to.have.length(CONTRACT_POLICY.maxFailuresPerIp);
      // A refused attempt counted nothing: the usernames that were refused are free elsewhere.
      const refused = verdicts.findIndex((verdict) => verdict.throttled);
      expect(await check(`user-${refused}`, '10.0.0.2')).to.deep.equal({ throttled: false });
    });

    it('takes any username and address: long, unicode, with key separators', async () => {
      for (const username of ['x'.repeat(16 * 1024), 'ädä 🙂', 'a:b*c{d}']) {
        await fail(username, '::1', 3);
        expect(await check(username, '::1')).to.deep.equal({ throttled: true, retryAfterSeconds: 60 });
        clock.advanceSeconds(60);
      }
    });

    it('answers with promises, never synchronously', async () => {
      const reservation = await reserved('ada', '10.0.0.1');
      const pending = [throttle.reserve({ username: 'ada', ip: '10.0.0.1' }, clock.now()), throttle.succeeded(reservation), throttle.release(reservation)];
      for (const answer of pending) expect(answer).to.be.instanceOf(Promise);
      await Promise.all(pending);
    });
  });
};
