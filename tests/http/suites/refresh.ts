import { expect } from 'chai';
import { login, refreshCookieOf, type StoreFactory, useTestApp } from './harness';

const DAY = 24 * 60 * 60;

export const refreshSuite = (makeStores: StoreFactory): void => {
  describe('POST /users/refresh-token', () => {
    const app = useTestApp(makeStores);
    const refresh = (cookie?: string) =>
      app().api.post('/users/refresh-token', cookie === undefined ? {} : { cookie });
    const tokensOf = async (userId: string) => app().stores.tokens.allOfUser(userId);

    it('asks for a token when there is no cookie, and refuses an unknown one', async () => {
      expect((await refresh()).body).to.deep.equal({ message: 'Token is required' });
      const unknown = await refresh('ab'.repeat(40));
      expect(unknown.status).to.equal(400);
      expect(unknown.body).to.deep.equal({ message: 'Invalid token' });
    });

    it('rotates: a new secret, a new access token, the old token marked rotated', async () => {
      const first = await login(app().api);
      app().clock.advanceSeconds(60);
      const second = await refresh(refreshCookieOf(first));
      expect(second.status).to.equal(200);
      expect(refreshCookieOf(second)).to.not.equal(refreshCookieOf(first));
      expect(second.body.jwtToken).to.not.equal(first.body.jwtToken);
      const [old, current] = await tokensOf(first.body.id);
      expect(old?.revokedReason).to.equal('rotated');
      expect(old?.toProps().replacedBy).to.equal(current?.id);
      expect(current?.isActive(app().clock.now())).to.equal(true);
    });

    it('gives every concurrent refresh of one token the same successor, and stores only one', async () => {
      const first = await login(app().api);
      const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(refreshCookieOf(first))));
      expect(answers.map((answer) => answer.status)).to.deep.equal(Array(10).fill(200));
      expect(new Set(answers.map(refreshCookieOf)).size).to.equal(1);
      expect(await tokensOf(first.body.id)).to.have.length(2);
    });

    it('answers a replay inside the grace window with the identical cookie', async () => {
      const first = await login(app().api);
      const second = await refresh(refreshCookieOf(first));
      app().clock.advanceSeconds(9);
      const replay = await refresh(refreshCookieOf(first));
      expect(replay.status).to.equal(200);
      expect(refreshCookieOf(replay)).to.equal(refreshCookieOf(second));
    });

    it('treats a replay after the grace window as theft: the whole family is revoked', async () => {
      const first = await login(app().api);
      app().clock.advanceSeconds(1); // distinct creation times keep the listing's order defined
      const second = await refresh(refreshCookieOf(first));
      app().clock.advanceSeconds(11);
      const replay = await refresh(refreshCookieOf(first));
      expect(replay.status).to.equal(400);
      expect(replay.body).to.deep.equal({ message: 'Invalid token' });
      const successor = await refresh(refreshCookieOf(second));
      expect(successor.status).to.equal(400);
      const reasons = (await tokensOf(first.body.id)).map((token) => token.revokedReason);
      expect(reasons).to.deep.equal(['rotated', 'reuse-detected']);
    });

    it('leaves other sessions of the same user alone when one family is revoked', async () => {
      const phone = await login(app().api);
      const laptop = await login(app().api);
      await refresh(refreshCookieOf(phone));
      app().clock.advanceSeconds(60);
      expect((await refresh(refreshCookieOf(phone))).status).to.equal(400);
      expect((await refresh(refreshCookieOf(laptop))).status).to.equal(200);
    });

    it('refuses a token after its 7 days, without revoking anything', async () => {
      const first = await login(app().api);
      app().clock.advanceSeconds(7 * DAY);
      expect((await refresh(refreshCookieOf(first))).body).to.deep.equal({ message: 'Invalid token' });
      const [token] = await tokensOf(first.body.id);
      expect(token?.revokedReason).to.equal(undefined);
    });

    it('slides the expiry with each rotation but never past 30 days after the login', async () => {
      const loginAt = app().clock.now().getTime();
      let cookie = refreshCookieOf(await login(app().api));
      for (let day = 6; day <= 30; day += 6) {
        app().clock.advanceSeconds(6 * DAY);
        const answer = await refresh(cookie);
        if (day === 30) {
          expect(answer.status, 'at day 30 the session is over').to.equal(400);
          break;
        }
        expect(answer.status, `refresh on day ${day}`).to.equal(200);
        cookie = refreshCookieOf(answer);
        const expires = Date.parse((answer.cookie?.attributes.find((a) => a.startsWith('Expires=')) ?? '').slice(8));
        expect(expires).to.be.at.most(loginAt + 30 * DAY * 1000);
      }
    });
  });
};
