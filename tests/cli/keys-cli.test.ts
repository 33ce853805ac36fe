import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { runKeysCli } from '../../src/adapters/cli/keys-cli';
import { configureKeysCli } from '../../src/main/keys-operator';
import { memoryStores, type Stores } from '../../src/main/stores';
import { login } from '../http/suites/harness';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

type Run = Readonly<{ code: number; out: string; err: string }>;

const ROOT = join(__dirname, '..', '..');
const kidOf = (token: string): string => String((jwt.decode(token, { complete: true }) as jwt.Jwt).header.kid);

const collect = (stream: PassThrough): (() => string) => {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
};

describe('CLI: npm run keys', function () {
  this.timeout(20_000);
  let stores: Stores;
  let app: TestApp;

  /** The commands in this process, on the app's store and clock. */
  const run = async (argv: readonly string[], env: Record<string, string> = {}): Promise<Run> => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const [out, err] = [collect(stdout), collect(stderr)];
    const configure = configureKeysCli({ stores, clock: app.clock });
    const code = await runKeysCli(
      { argv, env: { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env }, stdin: new PassThrough(), stdout, stderr },
      configure,
    );
    return { code, out: out(), err: err() };
  };
  const status = async (session: { id: string; jwtToken: string }) =>
    (await app.api.get(`/users/${session.id}`, { bearer: session.jwtToken })).status;

  beforeEach(async () => {
    stores = memoryStores();
    app = await startTestApp({ stores });
  });
  afterEach(async () => {
    await app.close();
    await stores.close();
  });

  it('list: the key the service made at start, signing', async () => {
    const { body } = await login(app.api);

    const listed = await run(['list']);

    expect(listed.code).to.equal(0);
    expect(listed.out).to.match(new RegExp(`^KID\\s+GEN\\s+ALG\\s+STATE`));
    expect(listed.out).to.match(new RegExp(`${kidOf(body.jwtToken)}\\s+1\\s+ES256\\s+signing`));
    expect(listed.out + listed.err).to.not.match(/A256GCM/);
  });

  it('rotate: the new key is published at once and signs after the publication delay', async () => {
    const before = (await login(app.api)).body;
    const rotated = await run(['rotate']);
    expect(rotated.code, rotated.err).to.equal(0);
    const kid = /Created key (\S+)/.exec(rotated.out)?.[1] ?? '';

    app.clock.advanceSeconds(30);
    const published = (await app.api.get('/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid);
    expect(published).to.include(kid);
    expect(kidOf((await login(app.api)).body.jwtToken), 'still the old key').to.equal(kidOf(before.jwtToken));

    app.clock.advanceSeconds(660);
    expect(kidOf((await login(app.api)).body.jwtToken)).to.equal(kid);
    expect(await status(before)).to.equal(200);
  });

  it('rotate --now: the new key signs at once', async () => {
    const rotated = await run(['rotate', '--now']);
    const kid = /Created key (\S+)/.exec(rotated.out)?.[1] ?? '';
    expect(rotated.out).to.match(/signs at once/);

    app.clock.advanceSeconds(30);
    expect(kidOf((await login(app.api)).body.jwtToken)).to.equal(kid);
  });

  it('retire <kid>: its tokens are refused by the service within the lag, and a new key signs', async () => {
    const session = (await login(app.api)).body;
    expect(await status(session)).to.equal(200);

    const retired = await run(['retire', kidOf(session.jwtToken)]);

    expect(retired.code, retired.err).to.equal(0);
    expect(retired.out).to.match(/It was signing: key \S+ signs in its place/);
    app.clock.advanceSeconds(app.config.accessRevocationLagSeconds);
    expect(await status(session)).to.equal(401);
    const published = (await app.api.get('/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid);
    expect(published).to.not.include(kidOf(session.jwtToken));
    const fresh = (await login(app.api)).body;
    expect(await status(fresh)).to.equal(200);
  });

  it('refuses an unknown kid, bad usage, and HS256 (no keys)', async () => {
    expect((await run(['retire', 'no-such-kid'])).code).to.equal(1);
    expect((await run(['rotate', '--later'])).code).to.equal(1);
    expect((await run(['forge'])).code).to.equal(1);
    const hs = await run(['list'], { ACCESS_TOKEN_ALGORITHM: 'HS256' });
    expect(hs.code).to.equal(1);
    expect(hs.err).to.match(/HS256/);
  });

  it('runs as npm run keys does (its own embedded store): help and list', async () => {
    const child = (args: readonly string[]): Promise<Run> => {
      const { MONGODB_URI: _uri, ...inherited } = process.env;
      const spawned = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main/keys-cli.ts', ...args], {
        cwd: ROOT,
        env: { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
      });
      let out = '';
      let err = '';
      spawned.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      spawned.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      return new Promise((resolve) => spawned.on('close', (code) => resolve({ code: code ?? -1, out, err })));
    };
    const help = await child(['help']);
    expect(help.code).to.equal(0);
    expect(help.out).to.match(/^Usage: npm run keys/);
    const list = await child(['rotate', '--now']);
    expect(list.code, list.err).to.equal(0);
    expect(list.err).to.match(/in-memory store/);
  });
});
