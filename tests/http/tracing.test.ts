import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { expect } from 'chai';
import { tracingWith } from '../../src/adapters/tracing/otel-tracing';
import type { Tracing } from '../../src/main/tracing';
import { startTestApp, type TestApp } from '../support/test-app';
import { createUser, login, refreshCookieOf } from './suites/harness';

type Tree = Readonly<{ name: string; children: Tree[] }>;

const treeOf = (spans: readonly ReadableSpan[]): Tree[] => {
  const childrenOf = (parentId: string | undefined): Tree[] =>
    spans
      .filter((span) => span.parentSpanContext?.spanId === parentId)
      .sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]))
      .map((span) => ({ name: span.name, children: childrenOf(span.spanContext().spanId) }));
  return childrenOf(undefined);
};

const attributeValues = (spans: readonly ReadableSpan[]): string[] =>
  spans.flatMap((span) => [span.name, ...Object.values(span.attributes).map(String), span.status.message ?? '']);

describe('HTTP: OpenTelemetry traces', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: TestApp;
  before(() => {
    tracing = tracingWith(new SimpleSpanProcessor(exporter));
  });
  after(() => tracing.shutdown());
  beforeEach(async () => {
    app = await startTestApp({ tracing });
    exporter.reset();
  });
  afterEach(async () => app.close());

  it('a refresh: the request span (route template), the use case, its store calls; the request id on each', async () => {
    const session = await login(app.api);
    await app.housekeepingDone(); // its span (the login's session limit) belongs to the login's trace
    exporter.reset();
    const cookie = refreshCookieOf(session);
    const refreshed = await app.api.post('/users/refresh-token', { cookie, headers: { 'X-Request-Id': 'trace-me-1' } });
    expect(refreshed.status).to.equal(200);

    const spans = exporter.getFinishedSpans();
    expect(treeOf(spans)).to.deep.equal([
      {
        name: 'POST /users/refresh-token',
        children: [
          {
            name: 'RefreshSession.execute',
            children: [
              { name: 'tokens.findPresented', children: [] },
              { name: 'users.findById', children: [] },
              { name: 'tokens.rotate', children: [] },
            ],
          },
        ],
      },
    ]);
    const root = spans.find((span) => span.name === 'POST /users/refresh-token');
    expect(root?.attributes).to.include({ 'http.route': '/users/refresh-token', 'http.response.status_code': 200, 'http.request.method': 'POST' });
    for (const span of spans) expect(span.attributes['http.request.id'], span.name).to.equal('trace-me-1');
    const secrets = [cookie, refreshCookieOf(refreshed), refreshed.body.jwtToken as string, session.body.jwtToken as string];
    for (const secret of secrets) expect(attributeValues(spans).filter((value) => value.includes(secret))).to.deep.equal([]);
  });

  it('a login: hashing and store spans, no password anywhere; a path with an id is traced by its template', async () => {
    const admin = await login(app.api);
    const aliceId = await createUser(app.api, admin.body.jwtToken, { username: 'alice', password: 'a-distinctive-password' });
    exporter.reset();
    const alice = await login(app.api, 'alice', 'a-distinctive-password');
    expect((await app.api.get(`/users/${aliceId}`, { bearer: alice.body.jwtToken })).status).to.equal(200);

    const spans = exporter.getFinishedSpans();
    const names = spans.map((span) => span.name);
    expect(names).to.include.members(['POST /users/authenticate', 'Authenticate.execute', 'users.findByUsername', 'hashing.verify', 'tokens.add', 'GET /users/:id']);
    const values = attributeValues(spans);
    for (const secret of ['a-distinctive-password', aliceId, alice.body.jwtToken as string, refreshCookieOf(alice)]) {
      expect(values.filter((value) => value.includes(secret)), secret).to.deep.equal([]);
    }
  });

  it('continues the trace of a caller that sends traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await app.api.get('/health', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).to.equal('GET /health');
    expect(span?.spanContext().traceId).to.equal(traceId);
  });
});
