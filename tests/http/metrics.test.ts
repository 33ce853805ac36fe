import { expect } from 'chai';
import { parsePrometheusText, type Sample, sampleValue, scrape } from '../support/prometheus-text';
import { startTestApp, type TestApp } from '../support/test-app';
import { login, refreshCookieOf } from './suites/harness';

/** The service's own metrics (Node's default process metrics carry labels of their own). */
const OURS = /^(http_|auth_|store_|password_hashing_|revoked_sessions_)/;
const ALLOWED_LABELS = new Set(['method', 'route', 'status', 'outcome', 'cause', 'change', 'operation', 'op', 'le']);

describe('HTTP: Prometheus metrics on their own listener', () => {
  let app: TestApp;
  let url: string;
  beforeEach(async () => {
    app = await startTestApp({ env: { METRICS_PORT: '0' } });
    url = app.service.metricsUrl ?? '';
  });
  afterEach(async () => app.close());

  it('listens on METRICS_HOST (127.0.0.1 by default), not on the API port, which has no /metrics', async () => {
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(`${app.api.baseUrl}/metrics`)).status).to.equal(404); // plain fetch: undocumented by definition
    expect((await fetch(url.replace('/metrics', '/other'))).status).to.equal(404);
  });

  it('after a scripted run, counters moved by exactly what happened, and no label carries a secret or a person', async () => {
    const before = await scrape(url);
    expect(sampleValue(before, 'auth_logins_total', { outcome: 'succeeded' })).to.equal(0);

    const first = await login(app.api); // succeeded 1
    for (let i = 0; i < 2; i += 1) await app.api.post('/users/authenticate', { json: { username: 'test', password: 'wrong' } }); // failed 2
    for (let i = 0; i < 10; i += 1) await app.api.post('/users/authenticate', { json: { username: 'ghost', password: 'wrong' } }); // failed 10
    expect((await app.api.post('/users/authenticate', { json: { username: 'ghost', password: 'wrong' } })).status).to.equal(429); // throttled 1

    const oldCookie = refreshCookieOf(first);
    const rotated = await app.api.post('/users/refresh-token', { cookie: oldCookie }); // rotated
    expect(rotated.status).to.equal(200);
    expect((await app.api.post('/users/refresh-token', { cookie: oldCookie })).status).to.equal(200); // replay answered
    expect((await app.api.post('/users/refresh-token', { cookie: 'f'.repeat(80) })).status).to.equal(400); // invalid
    app.clock.advanceSeconds(60);
    expect((await app.api.post('/users/refresh-token', { cookie: oldCookie })).status).to.equal(400); // reuse detected: session ended

    const second = await login(app.api); // succeeded 2
    const userId = second.body.id as string;
    expect((await app.api.get(`/users/${userId}`, { bearer: second.body.jwtToken })).status).to.equal(200);
    const logout = await app.api.post('/users/revoke-token', { bearer: second.body.jwtToken, cookie: refreshCookieOf(second), json: {} });
    expect(logout.status).to.equal(200); // session ended: logout
    expect((await fetch(`${app.api.baseUrl}/no/such/path`)).status).to.equal(404);

    const after = await scrape(url);
    const ours = after.filter((sample) => OURS.test(sample.name));
    const labelNames = new Set(ours.flatMap((sample) => Object.keys(sample.labels)));
    expect([...labelNames].filter((name) => !ALLOWED_LABELS.has(name))).to.deep.equal([]);
    const secrets = [userId, 'test', 'ghost', '127.0.0.1', oldCookie, refreshCookieOf(rotated), refreshCookieOf(second), second.body.jwtToken as string];
    const labelValues = after.flatMap((sample) => Object.values(sample.labels));
    for (const secret of secrets) {
      expect(labelValues.filter((labelValue) => labelValue.includes(secret)), secret).to.deep.equal([]);
    }
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels);
    expect(value('auth_logins_total', { outcome: 'succeeded' })).to.equal(2);
    expect(value('auth_logins_total', { outcome: 'failed' })).to.equal(12);
    expect(value('auth_logins_total', { outcome: 'throttled' })).to.equal(1);
    expect(value('auth_refreshes_total', { outcome: 'rotated' })).to.equal(1);
    expect(value('auth_refreshes_total', { outcome: 'replay_answered' })).to.equal(1);
    expect(value('auth_refreshes_total', { outcome: 'invalid' })).to.equal(1);
    expect(value('auth_refreshes_total', { outcome: 'reuse_detected' })).to.equal(1);
    expect(value('auth_sessions_ended_total', { cause: 'reuse_detected' })).to.equal(1);
    expect(value('auth_sessions_ended_total', { cause: 'logout' })).to.equal(1);
    expect(value('auth_sessions_ended_total', { cause: 'all_revoked' })).to.equal(0);

    const requests = (route: string, status: string) => value('http_request_duration_seconds_count', { route, status });
    expect(requests('/users/authenticate', '200')).to.equal(2);
    expect(requests('/users/authenticate', '400')).to.equal(12);
    expect(requests('/users/authenticate', '429')).to.equal(1);
    expect(requests('/users/refresh-token', '200')).to.equal(2);
    expect(requests('/users/refresh-token', '400')).to.equal(2);
    expect(requests('/users/:id', '200')).to.equal(1);
    expect(requests('/users/revoke-token', '200')).to.equal(1);
    expect(requests('unmatched', '404')).to.equal(1);
    expect(value('http_request_duration_seconds_bucket', { route: '/users/:id', status: '200', le: '+Inf' })).to.equal(1);

    expect(value('store_operation_duration_seconds_count', { operation: 'tokens.findPresented' })).to.equal(4);
    expect(value('store_operation_duration_seconds_count', { operation: 'tokens.rotate' })).to.equal(1);
    expect(value('store_operation_duration_seconds_count', { operation: 'users.findByUsername' })).to.equal(14);
    expect(value('revoked_sessions_cache_size')).to.be.a('number');
    expect(value('revoked_sessions_cache_age_seconds')).to.be.a('number').and.at.least(0);
    expect(value('process_cpu_user_seconds_total')).to.be.a('number');
    expect(value('nodejs_eventloop_lag_seconds')).to.be.a('number');

  });
});

describe('prometheus text parsing (test support)', () => {
  it('reads names, labels with escapes, and values', () => {
    const samples: Sample[] = parsePrometheusText('# HELP x y\nx_total{a="1",b="q\\"uote"} 3\nup 1\n');
    expect(samples).to.deep.equal([
      { name: 'x_total', labels: { a: '1', b: 'q\\"uote' }, value: 3 },
      { name: 'up', labels: {}, value: 1 },
    ]);
  });
});
