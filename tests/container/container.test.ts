import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { freePort } from '../support/free-port';
import { REFRESH_SECRET } from '../support/refresh-secret';

const ROOT = join(__dirname, '..', '..');
const IMAGE = 'jwt-refresh-auth:container-check';
const BASE_IMAGE = 'node-local:20';
const FERRETDB_IMAGE = process.env.MONGO_IMAGE ?? 'ferretdb-local:1.24.2';
const UNDER_CI = process.env.CI === 'true';
const WANTED = UNDER_CI || process.env.CONTAINER_TEST === 'true';

const exec = promisify(execFile);
const run = async (command: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> => {
  if (process.env.CONTAINER_TEST_TRACE === 'true') process.stdout.write(`      $ ${command} ${args.join(' ').slice(0, 120)}\n`);
  const { stdout } = await exec(command, args, {
    cwd: ROOT,
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, ...options.env },
  });
  return stdout.trim();
};
const works = (command: string, args: string[]): Promise<boolean> => run(command, args, { timeoutMs: 20_000 }).then(() => true, () => false);

/** Polls (real containers take real time) until `check` answers true, or fails after `seconds`. */
const eventually = async (what: string, seconds: number, check: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what}: not within ${seconds} s`);
};

type Answer = Readonly<{ status: number; body: Record<string, unknown>; cookie: string | undefined }>;
const call = async (base: string, method: string, path: string, options: { json?: object; cookie?: string; bearer?: string } = {}): Promise<Answer> => {
  const headers: Record<string, string> = {};
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  if (options.cookie !== undefined) headers.Cookie = `refreshToken=${options.cookie}`;
  if (options.bearer !== undefined) headers.Authorization = `Bearer ${options.bearer}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    signal: AbortSignal.timeout(10_000),
    ...(options.json && { body: JSON.stringify(options.json) }),
  });
  const cookie = /refreshToken=([^;]*);/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, cookie };
};

/** Login, refresh, logout; then the logged-out token refreshes no more. */
const loginRefreshLogout = async (base: string, username: string, password: string): Promise<void> => {
  const login = await call(base, 'POST', '/users/authenticate', { json: { username, password } });
  expect(login.status, JSON.stringify(login.body)).to.equal(200);
  const refreshed = await call(base, 'POST', '/users/refresh-token', { cookie: login.cookie ?? '' });
  expect(refreshed.status, JSON.stringify(refreshed.body)).to.equal(200);
  expect(refreshed.cookie).to.match(REFRESH_SECRET).and.not.equal(login.cookie);
  const logout = await call(base, 'POST', '/users/revoke-token', { bearer: String(refreshed.body.jwtToken), cookie: refreshed.cookie ?? '', json: {} });
  expect(logout.status, JSON.stringify(logout.body)).to.equal(200);
  expect((await call(base, 'POST', '/users/refresh-token', { cookie: refreshed.cookie ?? '' })).status).to.equal(400);
};

/** Runs a command in the API container: `docker exec …` or `docker-compose … exec …`. */
type InApi = (args: string[], env?: NodeJS.ProcessEnv) => Promise<string>;

/** The first admin, through the operators' CLI in the container (production seeds nobody). */
const createAdmin = (inApi: InApi, password: string): Promise<string> =>
  inApi(['node', 'dist/src/main/users-cli.js', 'create', '--username', 'admin', '--first-name', 'Ada', '--last-name', 'Lovelace', '--role', 'Admin'], {
    USER_PASSWORD: password,
  });

describe('the container image (Dockerfile, compose.yaml)', function () {
  this.timeout(600_000);
  const suffix = randomBytes(3).toString('hex');

  before(async function () {
    if (!WANTED) {
      process.stdout.write('  Skipped: runs under CI=true, or with CONTAINER_TEST=true (it builds the image: 1-2 minutes)\n');
      this.skip();
    }
    if (!(await works('docker', ['info']))) throw new Error('Docker is required here (CI=true): run scripts/ensure-docker.sh');
    for (const script of ['scripts/ferretdb-image.sh', 'scripts/node-base-image.sh', 'scripts/redis-image.sh']) {
      await run('bash', [script], { timeoutMs: 600_000 });
    }
    await run('docker', ['build', '-q', '--build-arg', `NODE_IMAGE=${BASE_IMAGE}`, '-t', IMAGE, '.'], { timeoutMs: 480_000 });
  });

  describe('the image next to a FerretDB container', () => {
    const network = `jra-check-${suffix}`;
    const [db, api] = [`jra-db-${suffix}`, `jra-api-${suffix}`];
    after(async () => {
      await run('docker', ['rm', '-f', api, db]).catch(() => undefined);
      await run('docker', ['network', 'rm', network]).catch(() => undefined);
    });

    it('runs as a non-root user from compiled JavaScript only, gets healthy, serves login, refresh and logout, and exits 0 on SIGTERM', async () => {
      await run('docker', ['network', 'create', network]);
      await run('docker', ['run', '-d', '--name', db, '--network', network, FERRETDB_IMAGE]);
      const port = await freePort();
      await run('docker', [
        'run', '-d', '--name', api, '--network', network, '-p', `127.0.0.1:${port}:4000`,
        '-e', `MONGODB_URI=mongodb://${db}:27017/jwt-api`, '-e', `JWT_SECRET=${randomBytes(32).toString('hex')}`, '--health-interval', '1s',
        IMAGE,
      ]);
      const base = `http://127.0.0.1:${port}`;
      await eventually('the API answers /ready', 60, async () => (await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200);
      await eventually('Docker reports the container healthy', 60, async () => (await run('docker', ['inspect', '-f', '{{.State.Health.Status}}', api])) === 'healthy');

      const inside = JSON.parse(
        await run('docker', ['exec', api, 'node', '-e', `
          const fs = require('fs'), path = require('path');
          const files = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? files(path.join(dir, e.name)) : [e.name]);
          console.log(JSON.stringify({ uid: process.getuid(), env: process.env.NODE_ENV, ts: files('/app/dist').filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).length }));`]),
      ) as { uid: number; env: string; ts: number };
      expect(inside).to.deep.equal({ uid: 1000, env: 'production', ts: 0 });

      const inApi: InApi = (args, env) => run('docker', ['exec', ...Object.keys(env ?? {}).flatMap((name) => ['-e', name]), api, ...args], { env: env ?? {} });
      expect(await createAdmin(inApi, 'container-admin-password')).to.include("Created user 'admin'");
      await loginRefreshLogout(base, 'admin', 'container-admin-password');

      const stopped = Date.now();
      await run('docker', ['stop', '-t', '20', api]);
      expect(Date.now() - stopped).to.be.below(10_000);
      expect(await run('docker', ['inspect', '-f', '{{.State.ExitCode}}', api])).to.equal('0');
      expect(await run('docker', ['logs', api])).to.include('"signal":"SIGTERM"');
    });
  });

  describe('compose.yaml, with local stand-ins for mongo:7 and redis:7 (tests/container/compose.local.yaml)', () => {
    const project = `jra-compose-${suffix}`;
    const folder = mkdtempSync(join(tmpdir(), 'jra-compose-'));
    const envFile = join(folder, '.env');
    let apiPort: number;
    let compose: (args: string[], env?: NodeJS.ProcessEnv) => Promise<string>;
    before(async function () {
      if (!(await works('docker-compose', ['version']))) {
        if (UNDER_CI) throw new Error('docker-compose is required here (CI=true): apt-get install docker-compose');
        this.skip();
      }
      apiPort = await freePort();
      writeFileSync(envFile, [`JWT_SECRET=${randomBytes(32).toString('hex')}`, `MONGO_PASSWORD=${randomBytes(12).toString('hex')}`, `REDIS_PASSWORD=${randomBytes(12).toString('hex')}`].join('\n'));
      const files = ['-f', 'compose.yaml', '-f', 'tests/container/compose.local.yaml'];
      compose = (args, env = {}) =>
        run('docker-compose', ['-p', project, '--env-file', envFile, ...files, ...args], { timeoutMs: 120_000, env: { ...env, API_PORT: String(apiPort), API_IMAGE: IMAGE } });
    });
    after(async () => {
      await compose?.(['down', '-v', '--timeout', '15']).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    });

    it('starts the API after its store and Redis are healthy, with the secrets from the env file; login, refresh, logout work', async () => {
      await compose(['up', '-d', '--no-build']);
      const base = `http://127.0.0.1:${apiPort}`;
      await eventually('the API answers /ready', 60, async () => (await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200);
      expect((await call(base, 'GET', '/ready')).body).to.deep.equal({ status: 'ready', checks: { store: 'up', redis: 'up' }, topology: 'standalone' });
      const inApi: InApi = (args, env) => compose(['exec', '-T', ...Object.keys(env ?? {}).flatMap((name) => ['-e', name]), 'api', ...args], env);
      expect(await createAdmin(inApi, 'compose-admin-password')).to.include("Created user 'admin'");
      await loginRefreshLogout(base, 'admin', 'compose-admin-password');
      // The metrics port is on the compose network only: scraped from inside.
      const metrics = await inApi(['node', '-e', "fetch('http://127.0.0.1:9464/metrics').then((r) => r.text()).then((t) => console.log(t))"]);
      expect(metrics).to.include('auth_refreshes_total{outcome="rotated"} 1');
    });
  });
});
