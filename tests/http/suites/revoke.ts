import { expect } from 'chai';
import { adminAndUser, login, refreshCookieOf, type StoreFactory, useTestApp } from './harness';

export const revokeSuite = (makeStores: StoreFactory): void => {
  describe('POST /users/revoke-token', () => {
    const app = useTestApp(makeStores);
    const revoke = (bearer: string, options: { json?: unknown; cookie?: string } = {}) =>
      app().api.post('/users/revoke-token', { bearer, ...options });

    it('needs an access token', async () => {
      const response = await app().api.post('/users/revoke-token', { json: { token: 'x' } });
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({ message: 'Unauthorized' });
      expect(response.headers.get('www-authenticate')).to.equal('Bearer');
    });

    it('revokes the token given in the body; it then no longer refreshes', async () => {
      const session = await login(app().api);
      const response = await revoke(session.body.jwtToken, { json: { token: refreshCookieOf(session) } });
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ message: 'Token revoked' });
      const refreshed = await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(session) });
      expect(refreshed.status).to.equal(400);
    });

    it('revokes by the id shown in the listing', async () => {
      const session = await login(app().api);
      const listing = await app().api.get(`/users/${session.body.id}/refresh-tokens`, { bearer: session.body.jwtToken });
      const response = await revoke(session.body.jwtToken, { json: { id: listing.body[0].id } });
      expect(response.status).to.equal(200);
      const [token] = await app().stores.tokens.allOfUser(session.body.id);
      expect(token?.revokedReason).to.equal('revoked');
    });

    it('revokes the cookie token when the body is empty, and clears the cookie', async () => {
      const session = await login(app().api);
      const response = await revoke(session.body.jwtToken, { cookie: refreshCookieOf(session) });
      expect(response.status).to.equal(200);
      expect(response.cookie?.value).to.equal('');
      expect(response.cookie?.attributes).to.include('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    });

    it('asks for a token when there is none, refuses both token and id, and refuses a revoked token', async () => {
      const session = await login(app().api);
      expect((await revoke(session.body.jwtToken)).body).to.deep.equal({ message: 'Token is required' });
      const both = await revoke(session.body.jwtToken, { json: { token: 'a', id: 'b' } });
      expect(both.status).to.equal(400);
      await revoke(session.body.jwtToken, { json: { token: refreshCookieOf(session) } });
      const again = await revoke(session.body.jwtToken, { json: { token: refreshCookieOf(session) } });
      expect(again.status).to.equal(400);
      expect(again.body).to.deep.equal({ message: 'Invalid token' });
    });

    it("lets a user revoke only their own tokens; an admin revokes anyone's", async () => {
      const { admin, user } = await adminAndUser(app().api);
      const theft = await revoke(user.body.jwtToken, { json: { token: refreshCookieOf(admin) } });
      expect(theft.status).to.equal(401);
      expect((await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(admin) })).status).to.equal(200);
      const byAdmin = await revoke(admin.body.jwtToken, { json: { token: refreshCookieOf(user) } });
      expect(byAdmin.status).to.equal(200);
      expect(byAdmin.cookie, "an admin revoking someone else's token keeps their own cookie").to.equal(undefined);
    });
  });
};
