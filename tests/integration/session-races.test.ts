import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { connectMongo } from '../../src/adapters/persistence/mongodb/connect-mongo';
import type { InProcessRevokedSessions } from '../../src/adapters/cache/in-process-revoked-sessions';
import { Tokens } from '../../src/main/injection-tokens';
import { READINESS_CACHE_SECONDS } from '../../src/main/readiness';
import { mongoStores, type Stores } from '../../src/main/stores';
import { login, refreshCookieOf, sidOf } from '../http/suites/harness';
import { FakeClock } from '../support/fake-clock';
import type { ApiClient, ApiResponse } from '../support/http-client';
import { useMongoServer } from '../support/mongo-server';
import { TcpProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp } from '../support/test-app';

const ROUNDS = 200;

describe('Sessions on MongoDB (FerretDB) under races and outages', function () {
  this.timeout(180_000);
  const server = useMongoServer();
  const apps: TestApp[] = [];
  const proxies: TcpProxy[] = [];

  afterEach(async () => {
    for (const app of apps.splice(0)) {
      await app.close();
      await app.stores.close();
    }
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  const storesOn = async (uri: string): Promise<Stores> =>
    mongoStores(await connectMongo(uri, { retryForMs: 10_000, attemptTimeoutMs: 1_000 }));

  const started = async (uri: string, clock: FakeClock, env: Record<string, string> = {}): Promise<TestApp> => {
    const app = await startTestApp({ stores: await storesOn(uri), clock, env });
    apps.push(app);
    return app;
  };

  /**
   * Rounds of a refresh and a logout fired at the same moment with the same cookie; after each,
   * if the logout answered 200, every token of that session is presented again. Answers the
   * rounds in which one of them still refreshed.
   */
  const raceLogoutAgainstRefresh = async (refreshVia: ApiClient, logoutVia: ApiClient): Promise<number> => {
    let leaks = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const session = await login(logoutVia);
      const cookie = refreshCookieOf(session);
      const [refreshed, loggedOut] = await Promise.all([
        refreshVia.post('/users/refresh-token', { cookie }),
        logoutVia.post('/users/revoke-token', { bearer: session.body.jwtToken, cookie }),
      ]);
      if (loggedOut.status !== 200) continue;
      const tokens = refreshed.status === 200 ? [cookie, refreshCookieOf(refreshed)] : [cookie];
      for (const token of tokens) {
        for (const api of [refreshVia, logoutVia]) {
          if ((await api.post('/users/refresh-token', { cookie: token })).status === 200) leaks += 1;
        }
      }
    }
    return leaks;
  };

  it(`a logout that answered 200 leaves nothing that refreshes: ${ROUNDS} racing rounds, one instance`, async () => {
    const app = await started(server.uriFor(server.freshDatabaseName()), new FakeClock());
    expect(await raceLogoutAgainstRefresh(app.api, app.api)).to.equal(0);
  });

  it(`a logout that answered 200 leaves nothing that refreshes: ${ROUNDS} racing rounds, two instances`, async () => {
    const uri = server.uriFor(server.freshDatabaseName());
    const clock = new FakeClock();
    const [first, second] = [await started(uri, clock), await started(uri, clock)];
    expect(await raceLogoutAgainstRefresh(first.api, second.api)).to.equal(0);
  });

  it('a password change leaves no other session that refreshes: 50 rounds racing a refresh and a login with the old password, two instances', async () => {
    const uri = server.uriFor(server.freshDatabaseName());
    const clock = new FakeClock();
    const env = { LOGIN_MAX_FAILURES: '1000', LOGIN_MAX_FAILURES_PER_IP: '100000' };
    const one = await startTestApp({ stores: await storesOn(uri), clock, env });
    const two = await startTestApp({ stores: await storesOn(uri), clock, env });
    apps.push(one, two);
    let password = 'test';
    let leaks = 0;
    for (let round = 0; round < 50; round += 1) {
      clock.advanceSeconds(1); // older rounds' sessions are the ones MAX_SESSIONS_PER_USER lets go
      const mine = await login(one.api, 'test', password);
      const other = await login(two.api, 'test', password);
      const next = `password-of-round-${round}`;
      const [changed, refreshed, late] = await Promise.all([
        one.api.post(`/users/${mine.body.id}/password`, { bearer: mine.body.jwtToken, json: { currentPassword: password, newPassword: next } }),
        two.api.post('/users/refresh-token', { cookie: refreshCookieOf(other) }),
        two.api.post('/users/authenticate', { json: { username: 'test', password } }),
      ]);
      expect(changed.status, JSON.stringify(changed.body)).to.equal(204);
      password = next;
      const others = [refreshCookieOf(other), ...[refreshed, late].flatMap((response) => (response.status === 200 ? [refreshCookieOf(response)] : []))];
      for (const cookie of others) {
        if ((await one.api.post('/users/refresh-token', { cookie })).status === 200) leaks += 1;
      }
      expect((await two.api.post('/users/refresh-token', { cookie: refreshCookieOf(mine) })).status, "the caller's session goes on").to.equal(200);
    }
    expect(leaks).to.equal(0);
  });

  describe('an outage in the middle of a rotation', () => {
    let proxy: TcpProxy;
    let app: TestApp;

    beforeEach(async () => {
      const uri = new URL(server.uriFor(server.freshDatabaseName()));
      proxy = await TcpProxy.start(uri.hostname, Number(uri.port));
      proxies.push(proxy);
      uri.host = `127.0.0.1:${proxy.port}`;
      // A grace window longer than backUp() can move the clock (100 polls of READINESS_CACHE_SECONDS).
      app = await started(uri.toString(), new FakeClock(), { REFRESH_REUSE_GRACE_SECONDS: '300' });
    });

    /**
     * Polls /ready until the driver has reconnected through the restored proxy. /ready answers
     * from a cache kept READINESS_CACHE_SECONDS on the (fake) clock: moved on before each poll, or
     * the answer of the previous cut-and-restore would come back at once.
     */
    const backUp = async (): Promise<void> => {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        app.clock.advanceSeconds(READINESS_CACHE_SECONDS);
        if ((await app.api.get('/ready')).status === 200) return;
        await sleep(100); // waiting for a real reconnection, not for time to pass
      }
      expect.fail('the service never reconnected to the store');
    };

    /** A login whose after-answer work is done, so the proxy counts only the next request's commands. */
    const loggedIn = async (): Promise<ApiResponse> => {
      const session = await login(app.api);
      await app.housekeepingDone(); // the login's session-limit read
      return session;
    };

    /** `request` while `breakStore` has the proxy set to fail: answered 503; then the store is back. */
    const unavailableDuring = async (breakStore: () => void, request: () => Promise<ApiResponse>, what = ''): Promise<ApiResponse> => {
      breakStore();
      const answer = await request();
      expect(answer.status, `${what} ${JSON.stringify(app.logLines().slice(-2))}`).to.equal(503);
      proxy.restore();
      await backUp();
      return answer;
    };

    it('answers 503 with Retry-After while the store is unreachable, then 200 on retry with one successor and no theft alarm', async () => {
      // Cut after each number of the refresh's commands in turn (0: before the first reaches the store).
      const cutPoints = [0, 1, 2];
      const cookies: string[] = [];
      for (const cutAfter of cutPoints) {
        const cookie = refreshCookieOf(await loggedIn());
        cookies.push(cookie);
        const answer = await unavailableDuring(
          () => proxy.cutAfter(cutAfter),
          () => app.api.post('/users/refresh-token', { cookie }),
          `cut after ${cutAfter} command(s):`,
        );
        expect(answer.headers.get('retry-after')).to.equal('5');
        expect(answer.cookie, 'no successor handed out').to.equal(undefined);
      }

      // Longer than the grace window: a committed rotation presented again now would be theft.
      app.clock.advanceSeconds(app.config.session.reuseGraceSeconds + 5);
      const retried = await Promise.all(cookies.map((cookie) => app.api.post('/users/refresh-token', { cookie })));

      expect(retried.map((answer) => answer.status)).to.deep.equal(cutPoints.map(() => 200));
      const events = app.logLines().map((line) => line.event);
      expect(events).to.not.include('token-reuse-detected');
      const failures = app.logLines().filter((line) => line.msg === 'store unavailable');
      expect(failures.length).to.be.at.least(cutPoints.length);
      expect(failures.every((line) => !JSON.stringify(line).includes('    at '))).to.equal(true, 'no stack trace');
      const userId = (await login(app.api)).body.id as string;
      const tokens = await app.stores.tokens.allOfUser(userId);
      for (const family of new Set(tokens.map((token) => token.familyId))) {
        expect(tokens.filter((token) => token.familyId === family).length, 'at most one successor per session').to.be.at.most(2);
      }
      for (const answer of retried) {
        expect((await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(answer) })).status, 'the sessions go on').to.equal(200);
      }
    });

    it('keeps concurrent refreshes cut off by an outage retryable: at once, and past the grace window once answered', async () => {
      const cookies = await Promise.all(Array.from({ length: 5 }, async () => refreshCookieOf(await login(app.api))));
      await app.housekeepingDone(); // the logins' session-limit reads
      proxy.cutAfter(7);
      const during = await Promise.all(cookies.map((cookie) => app.api.post('/users/refresh-token', { cookie })));
      expect(during.some((answer) => answer.status === 503)).to.equal(true);
      proxy.restore();
      await backUp();

      // A refresh that got 200 hands its successor on; one cut off tries its old token again, as
      // Retry-After says, within the grace window: the cut may have fallen after its write landed.
      const next = cookies.map((cookie, i) => (during[i]?.status === 200 ? refreshCookieOf(during[i]) : cookie));
      const after = await Promise.all(next.map((cookie) => app.api.post('/users/refresh-token', { cookie })));
      expect(after.map((answer) => answer.status)).to.deep.equal(cookies.map(() => 200));
      app.clock.advanceSeconds(app.config.session.reuseGraceSeconds + 5);
      const later = await Promise.all(after.map((answer) => app.api.post('/users/refresh-token', { cookie: refreshCookieOf(answer) })));
      expect(later.map((answer) => answer.status)).to.deep.equal(cookies.map(() => 200));
      expect(app.logLines().map((line) => line.event)).to.not.include('token-reuse-detected');
    });

    it('a logout cut off between its ending and its marker: the session refreshes no more once the revoked-sessions cache has read the ending', async () => {
      const session = await loggedIn();
      // The logout's commands: the caller's user, the token, the ending's insert (answer lost), the marker's update (never sent).
      await unavailableDuring(
        () => proxy.loseAnswerTo(3),
        () => app.api.post('/users/revoke-token', { bearer: session.body.jwtToken, cookie: refreshCookieOf(session) }),
      );
      expect(await app.stores.tokens.endingOf(sidOf(session)), 'the ending is stored').to.not.equal(null);
      await app.service.graph.resolve<InProcessRevokedSessions>(Tokens.RevokedSessions).refresh();
      expect((await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(session) })).status).to.equal(400);
    });

    describe('a rotation whose write landed but whose answer was lost', () => {
      /** Logs in and refreshes with the answer to the refresh's write (its third command) lost. */
      const rotatedUnanswered = async (): Promise<ApiResponse> => {
        const session = await loggedIn();
        const answer = await unavailableDuring(
          () => proxy.loseAnswerTo(3),
          () => app.api.post('/users/refresh-token', { cookie: refreshCookieOf(session) }),
        );
        expect(answer.cookie, 'no successor handed out').to.equal(undefined);
        return session;
      };

      it('is completed by a retry within the grace window: the one successor, no theft alarm', async () => {
        const session = await rotatedUnanswered();
        const cookie = refreshCookieOf(session);
        const retried = await app.api.post('/users/refresh-token', { cookie });
        expect(retried.status).to.equal(200);
        const again = await app.api.post('/users/refresh-token', { cookie });
        expect(refreshCookieOf(again), 'the same successor, not a second one').to.equal(refreshCookieOf(retried));
        expect((await app.stores.tokens.allOfUser(session.body.id)).length, 'the token and its one successor').to.equal(2);
        app.clock.advanceSeconds(app.config.session.reuseGraceSeconds + 5);
        expect((await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(retried) })).status, 'the session goes on').to.equal(200);
        expect(app.logLines().map((line) => line.event)).to.not.include('token-reuse-detected');
      });

      it('is, retried after the grace window, a replay: refused and the session ended', async () => {
        const session = await rotatedUnanswered();
        app.clock.advanceSeconds(app.config.session.reuseGraceSeconds + 5);
        expect((await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(session) })).status).to.equal(400);
        expect(app.logLines().map((line) => line.event)).to.include('token-reuse-detected');
        expect(await app.stores.tokens.endingOf(sidOf(session)), 'the session ended').to.not.equal(null);
      });
    });
  });
});
