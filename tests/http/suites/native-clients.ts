import { expect } from 'chai';
import type { ApiResponse } from '../../support/http-client';
import { login, refreshCookieOf, type StoreFactory, useTestApp } from './harness';
import { REFRESH_SECRET } from '../../support/refresh-secret';

const GRACE = 10; // REFRESH_REUSE_GRACE_SECONDS' default
const BODY = { 'Refresh-Token-Transport': 'body' } as const;
const BOTH = { message: 'Send the refresh token in the cookie or in the body, not both' };

/** No Set-Cookie at all: body transport never sets (nor clears) a cookie. */
const expectNoCookie = (response: ApiResponse): void => {
  expect(response.headers.getSetCookie(), 'Set-Cookie').to.deep.equal([]);
};

export const nativeClientsSuite = (makeStores: StoreFactory): void => {
  describe('Native clients: Refresh-Token-Transport: body', () => {
    const app = useTestApp(makeStores);
    const loginInBody = () => app().api.post('/users/authenticate', { json: { username: 'test', password: 'test' }, headers: BODY });
    const refreshInBody = (token: string) => app().api.post('/users/refresh-token', { json: { token }, headers: BODY });

    it('round-trips login → refresh → reuse detection → revoke with the token in the body and no Set-Cookie anywhere', async () => {
      const session = await loginInBody();
      expect(session.status).to.equal(200);
      expectNoCookie(session);
      expect(session.body.refreshToken).to.match(REFRESH_SECRET);
      expect(Date.parse(session.body.refreshTokenExpires)).to.be.greaterThan(app().clock.now().getTime());

      const refreshed = await refreshInBody(session.body.refreshToken);
      expect(refreshed.status).to.equal(200);
      expectNoCookie(refreshed);
      expect(refreshed.body.refreshToken).to.not.equal(session.body.refreshToken);
      const replayed = await refreshInBody(session.body.refreshToken);
      expect(replayed.body.refreshToken, 'within the grace window: the same successor').to.equal(refreshed.body.refreshToken);
      expectNoCookie(replayed);

      app().clock.advanceSeconds(GRACE + 1);
      const reused = await refreshInBody(session.body.refreshToken);
      expect(reused.status).to.equal(400);
      expect(reused.body).to.deep.equal({ message: 'Invalid token' });
      expectNoCookie(reused);
      expect((await refreshInBody(refreshed.body.refreshToken)).status, 'reuse ended the whole session').to.equal(400);

      const next = await loginInBody();
      const revoked = await app().api.post('/users/revoke-token', { bearer: next.body.jwtToken, json: { token: next.body.refreshToken }, headers: BODY });
      expect(revoked.status).to.equal(200);
      expect(revoked.body).to.deep.equal({ message: 'Token revoked' });
      expectNoCookie(revoked);
      expect((await refreshInBody(next.body.refreshToken)).status).to.equal(400);
    });

    it('refuses a cookie and a body token together, on refresh and on logout', async () => {
      const browser = await login(app().api);
      const native = await loginInBody();

      for (const headers of [BODY, {}]) {
        const refresh = await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(browser), json: { token: native.body.refreshToken }, headers });
        expect(refresh.status).to.equal(400);
        expect(refresh.body).to.deep.equal(BOTH);
      }
      const logout = await app().api.post('/users/revoke-token', { bearer: native.body.jwtToken, cookie: refreshCookieOf(browser), json: { token: native.body.refreshToken }, headers: BODY });
      expect(logout.status).to.equal(400);
      expect(logout.body).to.deep.equal(BOTH);
      expect((await refreshInBody(native.body.refreshToken)).status, 'nothing was rotated or revoked').to.equal(200);
      expect((await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(browser) })).status).to.equal(200);
    });

    it('takes a body token only with the header, and the header only with the value body', async () => {
      const native = await loginInBody();
      const withoutHeader = await app().api.post('/users/refresh-token', { json: { token: native.body.refreshToken } });
      expect(withoutHeader.status).to.equal(400);
      expect(withoutHeader.body).to.deep.equal({ message: 'A refresh token in the body needs the header Refresh-Token-Transport: body' });
      const odd = await app().api.post('/users/authenticate', { json: { username: 'test', password: 'test' }, headers: { 'Refresh-Token-Transport': 'json' } });
      expect(odd.status).to.equal(400);
      expect((await app().api.post('/users/refresh-token', { headers: BODY })).body).to.deep.equal({ message: 'Token is required' });
    });

    it('keeps browsers on the HttpOnly cookie by default, with no refresh token in the body', async () => {
      const browser = await login(app().api);
      expect(browser.cookie?.attributes).to.include('HttpOnly');
      expect(browser.body).to.not.have.property('refreshToken');
    });
  });
};
