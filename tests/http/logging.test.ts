import { expect } from 'chai';
import type { ApiResponse } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { login, refreshCookieOf } from './suites/harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP: structured logs', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => app.close());

  const requestLines = () => app.logLines().filter((line) => line.msg === 'request');
  const securityLines = () => app.logLines().filter((line) => line.category === 'security');

  describe('one line per request', () => {
    it('with the request id, method, path, status and duration in ms', async () => {
      const response = await app.api.get('/health');
      const lines = requestLines();
      expect(lines).to.have.length(1);
      const [line] = lines;
      expect(line).to.include({ level: 30, method: 'GET', path: '/health', status: 200, requestId: response.headers.get('x-request-id') });
      expect(line?.durationMs).to.be.a('number').and.at.least(0);
      expect(line?.requestId).to.match(UUID);
    });

    it('echoes a sane X-Request-Id and replaces any other with a fresh one', async () => {
      const given = await app.api.get('/health', { headers: { 'X-Request-Id': 'lb-7f3a.42:abc' } });
      expect(given.headers.get('x-request-id')).to.equal('lb-7f3a.42:abc');
      for (const insane of ['has spaces in it', 'x'.repeat(129), 'quote"and\\backslash']) {
        const replaced = await app.api.get('/health', { headers: { 'X-Request-Id': insane } });
        expect(replaced.headers.get('x-request-id')).to.match(UUID);
      }
      expect(requestLines().map((line) => line.requestId)).to.include('lb-7f3a.42:abc');
      expect(JSON.stringify(app.logLines())).to.not.include('has spaces in it');
    });

    it('gives every request its own id', async () => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => app.api.get('/health')));
      const ids = answers.map((answer) => answer.headers.get('x-request-id'));
      expect(new Set(ids).size).to.equal(5);
      expect(requestLines().map((line) => line.requestId)).to.have.members(ids);
    });

    it('logs the final status of errors too, with the id header on the error response', async () => {
      const notFound = await app.api.post('/users/revoke-token', { json: { token: 'x' } });
      expect(notFound.status).to.equal(401);
      expect(notFound.headers.get('x-request-id')).to.match(UUID);
      const invalid = await app.api.post('/users/authenticate', { rawBody: '{"username":' });
      expect(invalid.status).to.equal(400);
      expect(requestLines().map((line) => [line.path, line.status])).to.deep.equal([
        ['/users/revoke-token', 401],
        ['/users/authenticate', 400],
      ]);
    });

    it('logs the path without its query string', async () => {
      await app.api.get('/health?token=query-string-secret');
      expect(requestLines()[0]).to.include({ path: '/health' });
      expect(JSON.stringify(app.logLines())).to.not.include('query-string-secret');
    });
  });

  describe('security events, each on its own line', () => {
    it('login failed and login throttled', async () => {
      for (let i = 0; i < 10; i += 1) await app.api.post('/users/authenticate', { json: { username: 'test', password: 'nope' } });
      await app.api.post('/users/authenticate', { json: { username: 'test', password: 'test' } });
      const events = securityLines();
      expect(events.filter((line) => line.event === 'login-failed')).to.have.length(10);
      expect(events.find((line) => line.event === 'login-failed')).to.include({
        level: 40, username: 'test', ip: '127.0.0.1', reason: 'wrong-password', msg: 'login failed',
      });
      expect(events.find((line) => line.event === 'login-throttled')).to.include({
        level: 40, username: 'test', ip: '127.0.0.1', retryAfterSeconds: 900,
      });
    });

    it('token rotated, reuse detected (family, user, address), token revoked, user created', async () => {
      const session = await login(app.api);
      const userId = session.body.id as string;
      const rotated = await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(session) });
      app.clock.advanceSeconds(60);
      await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(session) }); // reuse
      const second = await login(app.api);
      await app.api.post('/users/revoke-token', { bearer: second.body.jwtToken, json: { token: refreshCookieOf(second) } });
      const created = await app.api.post('/users', {
        bearer: second.body.jwtToken,
        json: { firstName: 'A', lastName: 'B', username: 'carol', password: 'carol-password', role: 'User' },
      });

      const [family] = await app.stores.tokens.allOfUser(userId);
      const byEvent = (event: string) => securityLines().filter((line) => line.event === event);
      expect(byEvent('token-rotated')).to.have.length(1);
      expect(byEvent('token-rotated')[0]).to.include({ userId, familyId: family?.familyId, ip: '127.0.0.1' });
      expect(rotated.status).to.equal(200);
      expect(byEvent('token-reuse-detected')[0]).to.include({ level: 40, userId, familyId: family?.familyId, ip: '127.0.0.1', revokedTokens: 1 });
      expect(byEvent('token-revoked')[0]).to.include({ userId, byUserId: userId, ip: '127.0.0.1' });
      expect(byEvent('user-created')[0]).to.include({ userId: created.body.id, username: 'carol', role: 'User', by: userId });
      expect(byEvent('login-succeeded')).to.have.length(2);
    });
  });

  it('never writes a password, password hash, refresh token, cookie, Authorization header or access token', async () => {
    const seen: ApiResponse[] = [];
    const keep = (response: ApiResponse): ApiResponse => {
      seen.push(response);
      return response;
    };
    const password = 'Distinctive-Password-7731';
    const wrongGuess = 'Wrong-Guess-0042';
    const admin = keep(await login(app.api));
    keep(await app.api.post('/users', {
      bearer: admin.body.jwtToken,
      json: { firstName: 'Dana', lastName: 'Scully', username: 'dana', password, role: 'User' },
    }));
    keep(await app.api.post('/users/authenticate', { json: { username: 'dana', password: wrongGuess } }));
    const dana = keep(await login(app.api, 'dana', password));
    const rotated = keep(await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(dana) }));
    keep(await app.api.get(`/users/${dana.body.id}/refresh-tokens`, { bearer: rotated.body.jwtToken, cookie: refreshCookieOf(rotated) }));
    keep(await app.api.post('/users/revoke-token', { bearer: rotated.body.jwtToken, cookie: refreshCookieOf(rotated), json: {} }));
    app.clock.advanceSeconds(60);
    keep(await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(dana) })); // reuse of a retired token
    keep(await app.api.get('/users/nobody', { bearer: 'not.a.jwt', headers: { Cookie: 'refreshToken=cookie-header-secret' } }));

    const user = await app.stores.users.findByUsername('dana');
    const secrets = [
      password,
      wrongGuess,
      user?.passwordHash ?? 'missing',
      (await app.stores.users.findByUsername('test'))?.passwordHash ?? 'missing',
      'cookie-header-secret',
      ...seen.flatMap((response) => (response.cookie?.value ? [response.cookie.value, `refreshToken=${response.cookie.value}`] : [])),
      ...seen.flatMap((response) => (typeof response.body?.jwtToken === 'string' ? [response.body.jwtToken, `Bearer ${response.body.jwtToken}`] : [])),
    ];
    expect(secrets.filter((secret) => secret === '' || secret === 'missing')).to.deep.equal([]);
    expect(securityLines().length).to.be.greaterThan(5); // the flows above did log
    const everything = app.logLines().map((line) => JSON.stringify(line));
    for (const secret of secrets) {
      expect(everything.filter((line) => line.includes(secret)), `a log line holds ${secret.slice(0, 12)}…`).to.deep.equal([]);
    }
  });
});
