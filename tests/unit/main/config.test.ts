import { expect } from 'chai';
import { loadConfig } from '../../../src/main/config';
import { problemsOf } from '../../support/config-problems';

describe('configuration from the environment', () => {
  it('has the documented defaults in development, with a generated JWT secret', () => {
    const config = loadConfig({});
    expect(config).to.deep.include({
      environment: 'development',
      port: 4000,
      bcryptCost: 10,
      corsOrigins: ['http://localhost:4200'],
      cookieSameSite: 'Strict',
      trustProxy: false,
      trustedProxyHops: 1,
    });
    expect(config.session).to.deep.equal({
      tokenTtlSeconds: 604_800,
      reuseGraceSeconds: 10,
      maxLifetimeSeconds: 2_592_000,
      rotationHistory: 16,
      maxSessionsPerUser: 20,
    });
    expect(config.jwt).to.include({ ttlSeconds: 900, secretWasGenerated: true });
    expect(config.jwt.secret.length).to.be.at.least(32);
    expect(config.mongodbUri).to.equal(undefined);
  });

  it('names every bad variable at once, without echoing values', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      BCRYPT_COST: '4',
      JWT_SECRET: 'too-short-secret',
      CORS_ORIGINS: 'not an origin',
      COOKIE_SAMESITE: 'Sometimes',
    });
    const named = problems.map((problem) => problem.split(' ')[0]);
    expect(named).to.have.members(['PORT', 'BCRYPT_COST', 'JWT_SECRET', 'CORS_ORIGINS', 'COOKIE_SAMESITE']);
    expect(problems.join('\n')).to.not.include('too-short-secret');
  });

  it('requires JWT_SECRET in production and allows no cross-origin caller by default there', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).to.deep.equal([
      'JWT_SECRET is required in production (at least 32 characters)',
    ]);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) });
    expect(config.corsOrigins).to.deep.equal([]);
    expect(config.jwt.secretWasGenerated).to.equal(false);
  });

  describe('HOST', () => {
    it('defaults to the loopback outside production, where the test user test/test exists', () => {
      expect(loadConfig({}).host).to.equal('127.0.0.1');
      expect(loadConfig({ NODE_ENV: 'test' }).host).to.equal('127.0.0.1');
    });

    it('defaults to every interface in production (no test user; a container must be reachable)', () => {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }).host).to.equal(undefined);
    });

    it('takes an IPv4 or IPv6 address or a host name, in any environment', () => {
      for (const value of ['0.0.0.0', '::', '::1', '10.1.2.3', 'localhost', 'api.internal.example.com']) {
        expect(loadConfig({ HOST: value }).host, value).to.equal(value);
      }
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), HOST: '10.0.0.5' }).host).to.equal('10.0.0.5');
    });

    it('refuses anything else, naming the variable', () => {
      for (const value of ['http://0.0.0.0', '127.0.0.1:4000', 'has space', '-leading.dash', 'a..b', 'under_score']) {
        expect(problemsOf({ HOST: value })[0], value).to.match(/^HOST must be an IP address or a host name/);
      }
    });
  });

  it('refuses SameSite=None outside production, where the cookie cannot be Secure', () => {
    expect(problemsOf({ COOKIE_SAMESITE: 'None' })[0]).to.match(/^COOKIE_SAMESITE=None/);
  });

  it('reads the list of origins, TRUST_PROXY and MONGODB_URI', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example.com, http://localhost:4200',
      TRUST_PROXY: 'true',
      MONGODB_URI: 'mongodb://db:27017/auth',
    });
    expect(config.corsOrigins).to.deep.equal(['https://a.example.com', 'http://localhost:4200']);
    expect(config.trustProxy).to.equal(true);
    expect(config.trustedProxyHops, 'one proxy unless told').to.equal(1);
    expect(config.mongodbUri).to.equal('mongodb://db:27017/auth');
  });

  it('reads TRUSTED_PROXY_HOPS, and only together with TRUST_PROXY', () => {
    expect(loadConfig({ TRUST_PROXY: 'true', TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).to.equal(2);
    expect(problemsOf({ TRUSTED_PROXY_HOPS: '2' })).to.deep.equal(['TRUSTED_PROXY_HOPS needs TRUST_PROXY=true']);
    expect(problemsOf({ TRUST_PROXY: 'true', TRUSTED_PROXY_HOPS: 'many' })[0]).to.match(/^TRUSTED_PROXY_HOPS must be an integer/);
  });
});
