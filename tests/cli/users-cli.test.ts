import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { isLeft, right } from 'fp-ts/Either';
import type { InProcessRevokedSessions } from '../../src/adapters/cache/in-process-revoked-sessions';
import { InMemoryUserRepository } from '../../src/adapters/persistence/memory/in-memory-user-repository';
import { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher';
import type { User } from '../../src/domain/user';
import { EXIT, runUsersCli } from '../../src/adapters/cli/run-users-cli';
import { Tokens } from '../../src/main/injection-tokens';
import { configureOperatorCli } from '../../src/main/operator-cli';
import { memoryStores, type Stores } from '../../src/main/stores';
import { login, refreshCookieOf } from '../http/suites/harness';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

type Run = Readonly<{ code: number; out: string; err: string }>;
type RunOptions = Readonly<{ stdin?: string; env?: Record<string, string> }>;

const ROOT = join(__dirname, '..', '..');
const PASSWORD = 'operator-chosen password';
const CREATE = ['create', '--username', 'grace', '--first-name', 'Grace', '--last-name', 'Hopper', '--role', 'Admin'];

const collect = (stream: PassThrough): (() => string) => {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
};

/** The command functions in this process, on stores shared with the test (and its app). */
const inProcess = (stores: Stores) => {
  const configure = configureOperatorCli({ stores, passwordHasher: new BcryptPasswordHasher(4) });
  return async (argv: readonly string[], options: RunOptions = {}): Promise<Run> => {
    const stdin = new PassThrough();
    stdin.end(options.stdin ?? '');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const [out, err] = [collect(stdout), collect(stderr)];
    const env = { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...options.env };
    const code = await runUsersCli({ argv, env, stdin, stdout, stderr }, configure);
    return { code, out: out(), err: err() };
  };
};

/** The real entry point as a child process: its own embedded store, gone when it exits. */
const childProcess = (command: string, args: readonly string[], options: RunOptions = {}): Promise<Run> => {
  const { MONGODB_URI: _uri, USER_PASSWORD: _password, ...inherited } = process.env;
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
};
const cli = (args: readonly string[], options: RunOptions = {}): Promise<Run> =>
  childProcess(process.execPath, ['-r', '@swc-node/register', 'src/main/users-cli.ts', ...args], options);

describe('CLI: npm run users', function () {
  this.timeout(20_000);

  describe('the commands, in process on a shared store', () => {
    let stores: Stores;
    let run: ReturnType<typeof inProcess>;
    let app: TestApp | undefined;

    beforeEach(() => {
      stores = memoryStores();
      run = inProcess(stores);
    });
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('create reads the password from the first line of stdin; list then shows the user', async () => {
      const created = await run(CREATE, { stdin: `${PASSWORD}\nsecond line is ignored\n` });
      expect(created.code, created.err).to.equal(EXIT.ok);
      expect(created.out).to.match(/^Created user 'grace' \(Admin\), id [0-9a-f]{24}\.\n$/);

      const listed = await run(['list']);
      expect(listed.code).to.equal(EXIT.ok);
      const [header, row] = listed.out.trimEnd().split('\n');
      expect(header).to.match(/^ID\s+USERNAME\s+ROLE\s+NAME$/);
      expect(row).to.match(/^[0-9a-f]{24}\s+grace\s+Admin\s+Grace Hopper$/);
      expect(await new BcryptPasswordHasher(4).verify(PASSWORD, (await stores.users.findByUsername('grace'))?.passwordHash ?? null)).to.deep.equal({ busy: false, matches: true });
    });

    it('create takes USER_PASSWORD before stdin, and a role in any case', async () => {
      const created = await run([...CREATE.slice(0, -1), 'user'], { env: { USER_PASSWORD: PASSWORD }, stdin: 'not this one\n' });
      expect(created.code, created.err).to.equal(EXIT.ok);
      const stored = await stores.users.findByUsername('grace');
      expect(stored?.role).to.equal('User');
      expect(await new BcryptPasswordHasher(4).verify(PASSWORD, stored?.passwordHash ?? null)).to.deep.equal({ busy: false, matches: true });
    });

    it('refuses a bad role with exit 1 and a message, creating nothing', async () => {
      const refused = await run([...CREATE.slice(0, -1), 'Root'], { stdin: `${PASSWORD}\n` });
      expect(refused.code).to.equal(EXIT.usage);
      expect(refused.err).to.include("--role must be Admin or User (got 'Root')");
      expect(refused.out).to.equal('');
      expect(await stores.users.count()).to.equal(0);
    });

    it('refuses a password on the command line, as an option or a bare argument, without echoing it', async () => {
      for (const argv of [
        [...CREATE, '--password', 'hunter2-in-argv'],
        [...CREATE, '--password=hunter2-in-argv'],
        [...CREATE, '-p', 'hunter2-in-argv'],
        [...CREATE, 'hunter2-in-argv'],
        ['set-password', '--username', 'grace', 'hunter2-in-argv'],
      ]) {
        const refused = await run(argv, { stdin: `${PASSWORD}\n` });
        expect(refused.code, argv.join(' ')).to.equal(EXIT.usage);
        expect(refused.err, argv.join(' ')).to.match(/never taken from the command line|options only/);
        expect(refused.out + refused.err).to.not.include('hunter2');
      }
      expect(await stores.users.count()).to.equal(0);
    });

    it('answers usage errors with exit 1: unknown command, missing or foreign options, no password', async () => {
      const cases: Array<[readonly string[], string]> = [
        [['frobnicate'], "unknown command 'frobnicate'"],
        [['create', '--username', 'grace'], "'create' needs --first-name, --last-name, --role"],
        [['list', '--username', 'grace'], "'list' does not take --username"],
        [['set-password'], "'set-password' needs --username"],
        [['revoke-sessions', '--user', 'grace'], 'unknown option --user'],
        [CREATE, 'no password: set USER_PASSWORD or pipe it on standard input'],
      ];
      for (const [argv, message] of cases) {
        const refused = await run(argv);
        expect(refused.code, argv.join(' ')).to.equal(EXIT.usage);
        expect(refused.err, argv.join(' ')).to.include(message);
      }
      const bare = await run([]);
      expect(bare.code).to.equal(EXIT.usage);
      expect(bare.err).to.include('Usage: npm run users -- <command>');
    });

    it('prints the usage on help, exit 0', async () => {
      for (const argv of [['help'], ['--help'], ['-h']]) {
        const help = await run(argv);
        expect(help.code).to.equal(EXIT.ok);
        expect(help.out).to.include('Usage: npm run users -- <command> [options]');
        expect(help.out).to.include('create --username U --first-name F --last-name L --role Admin|User');
      }
    });

    it('applies the password rules and refuses a taken username, exit 1', async () => {
      const weak = await run(CREATE, { stdin: 'short\n' });
      expect(weak.code).to.equal(EXIT.usage);
      expect(weak.err).to.include('refused: password must be at least 8 characters');
      expect((await run(CREATE, { stdin: `${PASSWORD}\n` })).code).to.equal(EXIT.ok);
      const taken = await run(CREATE, { stdin: `${PASSWORD}\n` });
      expect(taken.code).to.equal(EXIT.usage);
      expect(taken.err).to.include("refused: username 'grace' is already taken");
    });

    it('set-password: the new password logs in over HTTP, the old one no longer does', async () => {
      expect((await run(CREATE, { stdin: `${PASSWORD}\n` })).code).to.equal(EXIT.ok);
      const changed = await run(['set-password', '--username', 'grace'], { stdin: 'the new password\n' });
      expect(changed.code, changed.err).to.equal(EXIT.ok);
      expect(changed.out).to.include("Password of 'grace' set.");

      app = await startTestApp({ stores });
      await login(app.api, 'grace', 'the new password');
      const old = await app.api.post('/users/authenticate', { json: { username: 'grace', password: PASSWORD } });
      expect(old.status).to.equal(400);

      const unknown = await run(['set-password', '--username', 'nobody'], { stdin: 'the new password\n' });
      expect(unknown.code).to.equal(EXIT.usage);
      expect(unknown.err).to.include("refused: no user is named 'nobody'");
      const weak = await run(['set-password', '--username', 'grace'], { env: { USER_PASSWORD: 'short' } });
      expect(weak.code).to.equal(EXIT.usage);
    });

    it('revoke-sessions: revokes every session of the user and names them; refresh fails, access tokens end within the lag', async () => {
      app = await startTestApp({ stores });
      expect((await run(CREATE, { stdin: `${PASSWORD}\n` })).code).to.equal(EXIT.ok);
      const first = await login(app.api, 'grace', PASSWORD);
      const second = await login(app.api, 'grace', PASSWORD);
      const admin = await login(app.api);

      const revoked = await run(['revoke-sessions', '--username', 'grace']);
      expect(revoked.code, revoked.err).to.equal(EXIT.ok);
      const families = [...new Set((await stores.tokens.allOfUser(first.body.id)).map((token) => token.familyId))];
      expect(revoked.out).to.include("Revoked 2 session(s) of 'grace':");
      for (const family of families) expect(revoked.out).to.include(`  ${family}\n`);

      expect((await app.api.post('/users/refresh-token', { cookie: refreshCookieOf(first) })).status).to.equal(400);
      app.clock.advanceSeconds(app.config.accessRevocationLagSeconds);
      // The first request past the lag is answered at once and starts the background poll; later ones see its result.
      await app.api.get(`/users/${admin.body.id}`, { bearer: admin.body.jwtToken });
      await app.service.graph.resolve<InProcessRevokedSessions>(Tokens.RevokedSessions).settled();
      for (const session of [first, second]) {
        expect((await app.api.get(`/users/${session.body.id}`, { bearer: session.body.jwtToken })).status).to.equal(401);
      }
      expect((await app.api.get(`/users/${admin.body.id}`, { bearer: admin.body.jwtToken })).status).to.equal(200);

      const again = await run(['revoke-sessions', '--username', 'grace']);
      expect(again.out).to.equal("'grace' had no active session.\n");
      const unknown = await run(['revoke-sessions', '--username', 'nobody']);
      expect(unknown.code).to.equal(EXIT.usage);
    });

    it('says, on stderr, that without MONGODB_URI the store is a throwaway one', async () => {
      const listed = await run(['list']);
      expect(listed.out).to.equal('No users.\n');
      expect(listed.err).to.include('MONGODB_URI is not set').and.to.include('useful for testing only');
    });

    it('answers exit 2 when the store cannot be opened or fails, and exit 1 on a bad configuration', async () => {
      const unreachable = await runUsersCli(
        { argv: ['list'], env: { NODE_ENV: 'test' }, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() },
        (env) => {
          const configured = configureOperatorCli()(env);
          return isLeft(configured)
            ? configured
            : right({ ...configured.right, open: async () => Promise.reject(new Error('connection refused')) });
        },
      );
      expect(unreachable).to.equal(EXIT.failure);

      class FailingUsers extends InMemoryUserRepository {
        override list(): Promise<User[]> {
          return Promise.reject(new Error('disk on fire'));
        }
      }
      const failing = inProcess({ ...stores, users: new FailingUsers() });
      const failed = await failing(['list']);
      expect(failed.code).to.equal(EXIT.failure);
      expect(failed.err).to.include('error: disk on fire');

      const misconfigured = await run(['list'], { env: { ACCESS_REVOCATION_LAG_SECONDS: 'soon' } });
      expect(misconfigured.code).to.equal(EXIT.usage);
      expect(misconfigured.err).to.include('ACCESS_REVOCATION_LAG_SECONDS must be an integer from 0 to 3600');
    });
  });

  describe('the entry point, as a child process on its own embedded store', () => {
    it('npm run users -- create: password from stdin, exit 0, the answer on stdout and the store note on stderr', async () => {
      const created = await childProcess('npm', ['run', '--silent', 'users', '--', ...CREATE], { stdin: `${PASSWORD}\n` });
      expect(created.code, created.err).to.equal(0);
      expect(created.out).to.match(/^Created user 'grace' \(Admin\), id [0-9a-f]{24}\.\n$/);
      expect(created.err).to.include('useful for testing only');
    });

    it('list on a fresh embedded store: No users.', async () => {
      const listed = await cli(['list']);
      expect(listed.code, listed.err).to.equal(0);
      expect(listed.out).to.equal('No users.\n');
    });

    it('a bad role: exit 1 with a message on stderr', async () => {
      const refused = await cli([...CREATE.slice(0, -1), 'Superuser'], { stdin: `${PASSWORD}\n` });
      expect(refused.code).to.equal(1);
      expect(refused.out).to.equal('');
      expect(refused.err).to.include("error: --role must be Admin or User (got 'Superuser')");
    });

    it('a password in argv: exit 1, never echoed', async () => {
      const refused = await cli([...CREATE, '--password', 'hunter2-in-argv']);
      expect(refused.code).to.equal(1);
      expect(refused.err).to.include('passwords are never taken from the command line');
      expect(refused.out + refused.err).to.not.include('hunter2');
    });

    it('no password at all (stdin closed, no USER_PASSWORD): exit 1', async () => {
      const refused = await cli(CREATE);
      expect(refused.code).to.equal(1);
      expect(refused.err).to.include('no password');
    });
  });
});
