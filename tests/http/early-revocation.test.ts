import { Actor } from '../../src/domain/actor';
import type { InProcessRevokedSessions } from '../../src/adapters/cache/in-process-revoked-sessions';
import { Tokens } from '../../src/main/injection-tokens';
import { expect } from 'chai';
import type { EndedSessions } from '../../src/application/ports/ended-sessions';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import { RevokeSessions } from '../../src/application/use-cases/revoke-sessions';
import { memoryStores } from '../../src/main/stores';
import type { ApiResponse } from '../support/http-client';
import { counting } from '../support/counting-proxy';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminAndUser, login, refreshCookieOf } from './suites/harness';

const LAG = 30; // ACCESS_REVOCATION_LAG_SECONDS' default
const GRACE = 10; // REFRESH_REUSE_GRACE_SECONDS' default

describe('HTTP: access tokens of a revoked session stop working within ACCESS_REVOCATION_LAG_SECONDS', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const started = async (env: Record<string, string> = {}): Promise<TestApp> => {
    app = await startTestApp({ env });
    return app;
  };
  /** The status of an authorized request made with this login's (or refresh's) access token. */
  const statusWith = async (session: ApiResponse): Promise<number> =>
    (await app!.api.get(`/users/${session.body.id}`, { bearer: session.body.jwtToken })).status;
  const refresh = (cookie: string) => app!.api.post('/users/refresh-token', { cookie });
  /**
   * The first request after the lag finds the cache stale: it is answered from memory at once and
   * starts a poll in the background (as the timer would). Answers that request's status once the poll has returned.
   */
  const staleRequestThenPoll = async (session: ApiResponse): Promise<number> => {
    const status = await statusWith(session);
    await app!.service.graph.resolve<InProcessRevokedSessions>(Tokens.RevokedSessions).settled();
    return status;
  };

  it('after reuse detection: still accepted within the lag, 401 once the clock passes it; other sessions unaffected', async () => {
    const { api, clock } = await started();
    const stolen = await login(api);
    const other = await login(api);
    const rotated = await refresh(refreshCookieOf(stolen));
    clock.advanceSeconds(GRACE + 1);
    expect((await refresh(refreshCookieOf(stolen))).status, 'replay after the grace window').to.equal(400);

    expect(await statusWith(stolen), 'within the lag').to.equal(200);
    expect(await statusWith(rotated)).to.equal(200);
    clock.advanceSeconds(LAG - GRACE - 2);
    expect(await statusWith(stolen), 'one second before the lag').to.equal(200);

    clock.advanceSeconds(1);
    expect(await staleRequestThenPoll(other), 'the request that finds the cache stale does not wait').to.equal(200);
    for (const session of [stolen, rotated]) {
      const refused = await app!.api.get(`/users/${session.body.id}`, { bearer: session.body.jwtToken });
      expect(refused.status).to.equal(401);
      expect(refused.body).to.deep.equal({ message: 'Unauthorized' });
      expect(refused.headers.get('www-authenticate')).to.equal('Bearer');
    }
    expect(await statusWith(other), 'another session of the same user').to.equal(200);
    expect(await statusWith(await login(api)), 'a new login').to.equal(200);
  });

  it('after a logout (RevokeToken): 401 once the lag has passed', async () => {
    const { api, clock } = await started();
    const session = await login(api);
    const revoked = await api.post('/users/revoke-token', { bearer: session.body.jwtToken, cookie: refreshCookieOf(session) });
    expect(revoked.status).to.equal(200);
    expect(await statusWith(session)).to.equal(200);
    clock.advanceSeconds(LAG);
    await staleRequestThenPoll(session);
    expect(await statusWith(session)).to.equal(401);
  });

  it("after revoke-sessions (RevokeSessions): every session of that user, no one else's", async () => {
    const { api, clock, service } = await started();
    const { admin, user } = await adminAndUser(api);
    const again = await login(api, 'alice', 'a-long-password');
    const revokeSessions = service.graph.resolve(RevokeSessions);
    const result = await revokeSessions.execute({ actor: Actor.operator, username: 'alice', ip: 'cli' });
    expect(result._tag).to.equal('Right');

    clock.advanceSeconds(LAG);
    await staleRequestThenPoll(admin);
    expect(await statusWith(user)).to.equal(401);
    expect(await statusWith(again)).to.equal(401);
    expect(await statusWith(admin)).to.equal(200);
  });

  it('never after a rotation: the session goes on, and its earlier access tokens live out their ttl', async () => {
    const { api, clock } = await started();
    const first = await login(api);
    const second = await refresh(refreshCookieOf(first));
    await refresh(refreshCookieOf(second));
    clock.advanceSeconds(LAG * 3);
    expect(await statusWith(first)).to.equal(200);
    expect(await statusWith(second)).to.equal(200);
  });

  it('honours ACCESS_REVOCATION_LAG_SECONDS', async () => {
    const { api, clock } = await started({ ACCESS_REVOCATION_LAG_SECONDS: '5' });
    const session = await login(api);
    await api.post('/users/revoke-token', { bearer: session.body.jwtToken, cookie: refreshCookieOf(session) });
    clock.advanceSeconds(4);
    expect(await staleRequestThenPoll(session)).to.equal(200);
    expect(await statusWith(session), 'no poll within the lag').to.equal(200);
    clock.advanceSeconds(1);
    await staleRequestThenPoll(session);
    expect(await statusWith(session)).to.equal(401);
  });

  it('costs no token-store query per request: one per lag period, whatever the number of requests', async () => {
    const stores = memoryStores();
    const tokens = counting<RefreshTokenRepository>(stores.tokens);
    const endings = counting<EndedSessions>(stores.endedSessions);
    app = await startTestApp({ stores: { ...stores, tokens: tokens.proxy, endedSessions: endings.proxy } });
    expect(endings.calls, 'the cache is warmed at start-up').to.deep.equal(['endedSince']);
    const session = await login(app.api);
    await app.housekeepingDone(); // the login's session limit, kept after its answer
    tokens.calls.length = 0;
    endings.calls.length = 0;

    for (let i = 0; i < 20; i += 1) expect(await statusWith(session)).to.equal(200);
    expect(tokens.calls).to.deep.equal([]);
    expect(endings.calls).to.deep.equal([]);

    app.clock.advanceSeconds(LAG);
    const burst = await Promise.all(Array.from({ length: 20 }, () => statusWith(session)));
    expect(burst).to.deep.equal(Array(20).fill(200));
    await app.service.graph.resolve<InProcessRevokedSessions>(Tokens.RevokedSessions).settled();
    expect(endings.calls, 'one poll, shared by the burst').to.deep.equal(['endedSince']);
    expect(tokens.calls).to.deep.equal([]);
  });

  it('never makes a request wait for the poll: with the store stalled on it, authorized requests keep answering', async () => {
    const stores = memoryStores();
    let release: () => void = () => {};
    const stalled = new Promise<void>((resolve) => (release = resolve));
    let polls = 0;
    const endedSessions: EndedSessions = {
      // The start-up poll answers; every later one hangs until the test releases it.
      endedSince: async (since) => {
        polls += 1;
        if (polls > 1) await stalled;
        return stores.endedSessions.endedSince(since);
      },
    };
    app = await startTestApp({ stores: { ...stores, endedSessions } });
    const session = await login(app.api);
    const loggedOut = await login(app.api);
    await app.api.post('/users/revoke-token', { bearer: loggedOut.body.jwtToken, cookie: refreshCookieOf(loggedOut) });

    app.clock.advanceSeconds(LAG);
    const during = await Promise.all(Array.from({ length: 50 }, () => statusWith(session)));
    expect(during).to.deep.equal(Array(50).fill(200));
    app.clock.advanceSeconds(LAG);
    expect(await statusWith(loggedOut), 'the last answer is served while the poll hangs').to.equal(200);
    expect(polls, 'one poll under way, shared').to.equal(2);

    release();
    await app.service.graph.resolve<InProcessRevokedSessions>(Tokens.RevokedSessions).settled();
    expect(await statusWith(loggedOut)).to.equal(401);
    expect(await statusWith(session)).to.equal(200);
  });
});
