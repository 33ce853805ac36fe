import type { InProcessRevokedSessions } from '../../../src/adapters/cache/in-process-revoked-sessions';
import { Tokens } from '../../../src/main/injection-tokens';
import { expect } from 'chai';
import type { ApiResponse } from '../../support/http-client';
import { adminAndUser, login, refreshCookieOf, sidOf, type StoreFactory, useTestApp } from './harness';

const LAG = 30; // ACCESS_REVOCATION_LAG_SECONDS' default
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';


export const sessionsSuite = (makeStores: StoreFactory): void => {
  describe('Sessions and devices: GET/DELETE /users/{id}/sessions, POST …/revoke-others', () => {
    const app = useTestApp(makeStores);
    const loginFrom = (userAgent: string, username = 'test', password = 'test') =>
      app().api.post('/users/authenticate', { json: { username, password }, headers: { 'User-Agent': userAgent } });
    const sessionsOf = (caller: ApiResponse, userId: string = caller.body.id) =>
      app().api.get(`/users/${userId}/sessions`, { bearer: caller.body.jwtToken });
    const end = (caller: ApiResponse, sessionId: string, userId: string = caller.body.id) =>
      app().api.send('DELETE', `/users/${userId}/sessions/${sessionId}`, { bearer: caller.body.jwtToken });
    const statusWith = async (session: ApiResponse): Promise<number> =>
      (await app().api.get(`/users/${session.body.id}`, { bearer: session.body.jwtToken })).status;

    it('lists two logins from two user agents as two sessions with parsed devices, exactly one current', async () => {
      const laptop = await loginFrom(FIREFOX);
      app().clock.advanceSeconds(60);
      const phone = await loginFrom(IPHONE);

      const listing = await sessionsOf(phone);

      expect(listing.status).to.equal(200);
      expect(listing.headers.get('cache-control')).to.equal('no-store');
      expect(listing.body.map((session: { id: string }) => session.id)).to.deep.equal([sidOf(phone), sidOf(laptop)]);
      const [iphone, firefox] = listing.body;
      expect(iphone).to.deep.include({ userAgent: IPHONE, current: true, device: { browser: 'Safari 17.5', os: 'iOS 17.5', type: 'mobile' } });
      expect(firefox).to.deep.include({ userAgent: FIREFOX, current: false, device: { browser: 'Firefox 128.0', os: 'Windows 10', type: 'desktop' } });
      expect(firefox.created).to.deep.equal({ at: new Date(Date.parse(iphone.created.at) - 60_000).toISOString(), ip: '127.0.0.1' });
      for (const secret of [refreshCookieOf(laptop), refreshCookieOf(phone)]) expect(listing.text).to.not.include(secret);
    });

    it('lists a session that rotated 200 times once, with its login time and its last use', async () => {
      const session = await loginFrom(FIREFOX);
      let cookie = refreshCookieOf(session);
      for (let i = 0; i < 200; i += 1) {
        app().clock.advanceSeconds(1);
        cookie = refreshCookieOf(await app().api.post('/users/refresh-token', { cookie, headers: { 'User-Agent': IPHONE } }));
      }
      const listing = await sessionsOf(session);
      expect(listing.body).to.have.length(1);
      expect(listing.body[0]).to.deep.include({ id: sidOf(session), userAgent: IPHONE, current: true });
      expect(listing.body[0].created.at).to.equal(new Date(app().clock.now().getTime() - 200_000).toISOString());
      expect(listing.body[0].lastUsed).to.deep.equal({ at: app().clock.now().toISOString(), ip: '127.0.0.1' });
    });

    it('ends one session: its refresh fails at once, its access token after the lag, the caller goes on', async () => {
      const laptop = await login(app().api);
      const phone = await login(app().api);

      const ended = await end(laptop, sidOf(phone));

      expect(ended.status).to.equal(204);
      expect((await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(phone) })).status).to.equal(400);
      expect(await statusWith(phone), 'within the lag').to.equal(200);
      app().clock.advanceSeconds(LAG);
      // The first request after the lag is answered from memory and starts the cache's poll; the poll decides the next.
      await statusWith(laptop);
      await app().service.graph.resolve<InProcessRevokedSessions>(Tokens.RevokedSessions).settled();
      expect(await statusWith(phone)).to.equal(401);
      expect(await statusWith(laptop)).to.equal(200);
      expect((await sessionsOf(laptop)).body.map((session: { id: string }) => session.id)).to.deep.equal([sidOf(laptop)]);
      const [token] = await app().stores.tokens.allOfUser(phone.body.id).then((tokens) => tokens.filter((t) => t.familyId === sidOf(phone)));
      expect(token?.revokedReason).to.equal('revoked');
    });

    it("answers 404 for an unknown id, an ended session and another user's session; 401 on another user's account", async () => {
      const { admin, user, userId } = await adminAndUser(app().api);
      const ended = await login(app().api, 'alice', 'a-long-password');
      expect((await end(user, sidOf(ended))).status).to.equal(204);

      for (const sessionId of ['no-such-session', sidOf(ended), sidOf(admin)]) {
        const response = await end(user, sessionId);
        expect(response.status, sessionId).to.equal(404);
        expect(response.body).to.deep.equal({ message: 'Session not found' });
      }
      expect((await end(user, sidOf(admin), admin.body.id)).status).to.equal(401);
      expect((await sessionsOf(user, admin.body.id)).status).to.equal(401);
      expect(await statusWith(admin)).to.equal(200);
      expect((await end(admin, sidOf(user), userId)).status, 'an admin ends anyone\'s').to.equal(204);
    });

    it("revoke-others keeps only the caller's session", async () => {
      const others = [await login(app().api), await login(app().api)];
      const mine = await login(app().api);

      const response = await app().api.post(`/users/${mine.body.id}/sessions/revoke-others`, { bearer: mine.body.jwtToken });

      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ message: 'Other sessions revoked', revokedSessions: 2 });
      expect((await sessionsOf(mine)).body.map((session: { id: string; current: boolean }) => [session.id, session.current])).to.deep.equal([[sidOf(mine), true]]);
      for (const other of others) expect((await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(other) })).status).to.equal(400);
      expect((await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(mine) })).status).to.equal(200);
    });
  });

  describe('MAX_SESSIONS_PER_USER', () => {
    const app = useTestApp(makeStores, { env: { MAX_SESSIONS_PER_USER: '3' } });

    it('a login beyond the limit is answered, then the oldest session ends: its refresh and its access token are refused', async () => {
      const sessions: ApiResponse[] = [];
      for (let i = 0; i < 4; i += 1) {
        app().clock.advanceSeconds(1);
        sessions.push(await login(app().api));
      }
      await app().housekeepingDone();
      const [oldest, ...kept] = sessions as [ApiResponse, ...ApiResponse[]];
      expect((await app().api.get(`/users/${oldest.body.id}/sessions`, { bearer: kept[0]?.body.jwtToken })).body).to.have.length(3);
      expect((await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(oldest) })).status).to.equal(400);
      await app().service.graph.resolve<InProcessRevokedSessions>(Tokens.RevokedSessions).refresh();
      expect((await app().api.get(`/users/${oldest.body.id}`, { bearer: oldest.body.jwtToken })).status).to.equal(401);
      for (const session of kept) expect((await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(session) })).status).to.equal(200);
    });
  });

  describe('POST /users/{id}/password', () => {
    const app = useTestApp(makeStores, { env: { LOGIN_MAX_FAILURES: '3' } });
    const change = (caller: ApiResponse, json: Record<string, string>, userId: string = caller.body.id) =>
      app().api.post(`/users/${userId}/password`, { bearer: caller.body.jwtToken, json });
    const refreshes = async (session: ApiResponse): Promise<number> =>
      (await app().api.post('/users/refresh-token', { cookie: refreshCookieOf(session) })).status;

    it("changes the password, ends the other sessions and keeps the caller's", async () => {
      const { userId } = await adminAndUser(app().api);
      const other = await login(app().api, 'alice', 'a-long-password');
      const mine = await login(app().api, 'alice', 'a-long-password');

      const response = await change(mine, { currentPassword: 'a-long-password', newPassword: 'another-long-one' });

      expect(response.status).to.equal(204);
      expect(await refreshes(other)).to.equal(400);
      expect(await refreshes(mine)).to.equal(200);
      expect((await app().api.post('/users/authenticate', { json: { username: 'alice', password: 'a-long-password' } })).status).to.equal(400);
      await login(app().api, 'alice', 'another-long-one');
      expect((await app().api.get(`/users/${userId}/sessions`, { bearer: mine.body.jwtToken })).body).to.have.length(2);
    });

    it('answers 400 to a wrong current password and throttles it like a login', async () => {
      const { user } = await adminAndUser(app().api);
      for (let i = 0; i < 3; i += 1) {
        const wrong = await change(user, { currentPassword: `guess-${i}`, newPassword: 'another-long-one' });
        expect(wrong.status).to.equal(400);
        expect(wrong.body).to.deep.equal({ message: 'Current password is incorrect' });
      }
      const throttled = await change(user, { currentPassword: 'a-long-password', newPassword: 'another-long-one' });
      expect(throttled.status).to.equal(429);
      expect(Number(throttled.headers.get('retry-after'))).to.be.greaterThan(0);
      const loginToo = await app().api.post('/users/authenticate', { json: { username: 'alice', password: 'a-long-password' } });
      expect(loginToo.status, 'the login shares the count').to.equal(429);
    });

    it("lets an admin set another user's password without the current one, ending all their sessions", async () => {
      const { admin, user, userId } = await adminAndUser(app().api);
      const response = await change(admin, { newPassword: 'set-by-the-admin' }, userId);
      expect(response.status).to.equal(204);
      expect(await refreshes(user)).to.equal(400);
      expect(await refreshes(admin)).to.equal(200);
      await login(app().api, 'alice', 'set-by-the-admin');
    });

    it('refuses a missing current password, a weak new one, and another user\'s account', async () => {
      const { admin, user } = await adminAndUser(app().api);
      expect((await change(user, { newPassword: 'another-long-one' })).body).to.deep.equal({ message: 'Validation error: currentPassword is required' });
      expect((await change(user, { currentPassword: 'a-long-password', newPassword: 'short' })).status).to.equal(400);
      expect((await change(user, { newPassword: 'another-long-one' }, admin.body.id)).status).to.equal(401);
    });
  });
};
