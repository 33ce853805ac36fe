import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { memoryStores } from '../../src/main/stores';
import { login, useTestApp } from './suites/harness';

/** The CSP header as directive name → sources. */
const policyOf = (headers: Headers): Map<string, string[]> => {
  const header = headers.get('content-security-policy');
  expect(header, 'Content-Security-Policy').to.be.a('string');
  return new Map(
    (header ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name = '', ...sources]) => [name, sources]),
  );
};

const expectHardened = (headers: Headers): void => {
  expect(headers.get('x-content-type-options')).to.equal('nosniff');
  expect(headers.get('x-frame-options')).to.equal('DENY');
  expect(headers.get('referrer-policy')).to.equal('no-referrer');
  expect(headers.get('strict-transport-security')).to.match(/^max-age=\d+; includeSubDomains$/);
  expect(headers.get('cross-origin-opener-policy')).to.equal('same-origin');
  expect(headers.get('cross-origin-resource-policy')).to.equal('same-origin');
  expect(policyOf(headers).get('frame-ancestors')).to.deep.equal(["'none'"]);
  for (const fingerprint of ['x-powered-by', 'server', 'x-aspnet-version']) {
    expect(headers.get(fingerprint), fingerprint).to.equal(null);
  }
};

const sha256Source = (inline: string): string =>
  `'sha256-${createHash('sha256').update(inline, 'utf8').digest('base64')}'`;

describe('HTTP: security headers', () => {
  const app = useTestApp(async () => memoryStores());

  it('hardens API answers, successes and errors alike, with a CSP that allows nothing', async () => {
    const session = await login(app().api);
    const answers = [
      session,
      await app().api.get(`/users/${session.body.id}`, { bearer: session.body.jwtToken }),
      await app().api.get('/users'), // 401
      await app().api.get('/health'),
    ];
    for (const response of answers) {
      expectHardened(response.headers);
      const policy = policyOf(response.headers);
      expect(policy.get('default-src')).to.deep.equal(["'none'"]);
      expect([...policy.keys()]).to.not.include.members(['script-src', 'style-src', 'connect-src']);
    }
    const notFound = await fetch(`${app().api.baseUrl}/no-such-route`);
    expect(notFound.status).to.equal(404);
    expectHardened(notFound.headers);
  });

  it('lets /api-docs load exactly what its page needs, from this origin only', async () => {
    const page = await app().api.get('/api-docs');
    expect(page.status).to.equal(200);
    expectHardened(page.headers);
    const policy = policyOf(page.headers);
    expect(policy.get('default-src')).to.deep.equal(["'none'"]);
    expect(policy.get('connect-src'), 'Swagger UI fetches /openapi.yaml').to.deep.equal(["'self'"]);
    expect(policy.get('script-src')).to.not.include("'unsafe-inline'");
    expect(policy.get('script-src')).to.not.include("'unsafe-eval'");

    const html = page.text;
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(urls, 'the page references no other origin (no CDN, no web fonts)').to.satisfy((all: string[]) =>
      all.every((url) => url.startsWith('/') && !url.startsWith('//')),
    );
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1] ?? '');
    const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(scripts).to.have.length(2);
    expect(styles).to.have.length(1);
    expect(policy.get('script-src')).to.include("'self'");
    expect(policy.get('style-src')).to.include("'self'");
    for (const [url, type] of [...scripts.map((url) => [url, 'javascript']), ...styles.map((url) => [url, 'text/css'])]) {
      const asset = await fetch(`${app().api.baseUrl}${url}`);
      expect(asset.status, url).to.equal(200);
      expect(asset.headers.get('content-type'), url).to.include(type);
      expect(asset.headers.get('cache-control'), url).to.include('immutable');
      expect((await asset.text()).length, url).to.be.greaterThan(1000);
    }

    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    expect(inline, 'the Swagger UI bootstrap').to.have.length(1);
    for (const body of inline) expect(policy.get('script-src')).to.include(sha256Source(body));
    expect(html).to.include('"url":"/openapi.yaml"');
    expect(html).to.include('"validatorUrl":null');
  });

  it('serves only the listed Swagger UI files of the installed version', async () => {
    const page = await app().api.get('/api-docs');
    const bundle = /<script src="([^"]+swagger-ui-bundle\.js)"/.exec(page.text)?.[1] ?? '';
    const folder = bundle.slice(0, bundle.lastIndexOf('/'));
    for (const path of [
      `${folder}/package.json`,
      `${folder}/..%2Fpackage.json`,
      `${folder}/constructor`,
      '/api-docs/assets/0.0.1/swagger-ui-bundle.js',
    ]) {
      const response = await fetch(`${app().api.baseUrl}${path}`);
      expect(response.status, path).to.equal(404);
    }
  });
});
