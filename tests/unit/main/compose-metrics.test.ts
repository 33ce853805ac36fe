import { expect } from 'chai';
import { PinoSecurityEvents } from '../../../src/adapters/logging/pino-security-events';
import type { PasswordHasher } from '../../../src/application/ports/password-hasher';
import type { SecurityEvents } from '../../../src/application/ports/security-events';
import { compose, type Graph, type Observability } from '../../../src/main/compose';
import { loadConfig } from '../../../src/main/config';
import { Tokens } from '../../../src/main/injection-tokens';
import { createLogger } from '../../../src/main/logger';
import { memoryStores } from '../../../src/main/stores';
import { FakeClock } from '../../support/fake-clock';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text';

const JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

describe('compose: metrics wiring', function () {
  this.timeout(30_000);
  let graph: Graph;
  afterEach(() => graph.close());

  it('METRICS_PORT set: the hashing pool, the revocation cache and the security events all feed one registry', async () => {
    const clock = new FakeClock();
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET, METRICS_PORT: '0', BCRYPT_COST: '10' });
    graph = await compose(config, { logger: createLogger('silent'), clock, stores: memoryStores() });
    const { metrics, requestObservers } = graph.resolve<Observability>(Tokens.Observability);
    expect(metrics).to.not.equal(undefined);
    expect(requestObservers).to.have.length(1);

    const hasher = graph.resolve<PasswordHasher>(Tokens.PasswordHasher);
    await hasher.hash('a password');
    await hasher.verify('a password', null); // waits for the pool's own dummy hash first
    graph.resolve<SecurityEvents>(Tokens.SecurityEvents).sessionsRevoked({ userId: 'u1', sessions: 3, by: 'operator', ip: 'cli' });
    clock.advanceSeconds(12);

    const samples = parsePrometheusText((await metrics?.exposition())?.body ?? '');
    expect(sampleValue(samples, 'password_hashing_run_seconds_count', { op: 'hash' })).to.equal(2); // the pool's dummy hash, then ours
    expect(sampleValue(samples, 'password_hashing_run_seconds_count', { op: 'verify' })).to.equal(1);
    expect(sampleValue(samples, 'password_hashing_wait_seconds_count')).to.equal(3);
    expect(sampleValue(samples, 'password_hashing_queue_length')).to.be.a('number');
    expect(sampleValue(samples, 'auth_sessions_ended_total', { cause: 'all_revoked' })).to.equal(3);
    expect(sampleValue(samples, 'revoked_sessions_cache_age_seconds')).to.equal(12);
    expect(sampleValue(samples, 'revoked_sessions_cache_size')).to.equal(0);
  });

  it('METRICS_PORT unset: no registry, no observer, the audit trail unwrapped', async () => {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET });
    graph = await compose(config, { logger: createLogger('silent'), stores: memoryStores() });
    const observability = graph.resolve<Observability>(Tokens.Observability);
    expect(observability.metrics).to.equal(undefined);
    expect(observability.requestObservers).to.deep.equal([]);
    expect(graph.resolve<SecurityEvents>(Tokens.SecurityEvents)).to.be.instanceOf(PinoSecurityEvents);
  });
});
