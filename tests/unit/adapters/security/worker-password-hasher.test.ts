import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { BcryptPasswordHasher } from '../../../../src/adapters/security/bcrypt-password-hasher';
import { defaultQueueCapacity, WorkerPasswordHasher } from '../../../../src/adapters/security/worker-password-hasher';

const ROOT = join(__dirname, '..', '..', '..', '..');

const rejectionOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a rejection');
};

/** Hashing and verifying themselves are in tests/contract/password-hasher.test.ts. */
describe('WorkerPasswordHasher', function () {
  this.timeout(30_000);
  let hasher: WorkerPasswordHasher;

  beforeEach(() => {
    hasher = new WorkerPasswordHasher(4, { threads: 2, queueCapacity: 100 });
  });

  afterEach(() => hasher.close());

  it('makes hashes the thread-bound hasher accepts, and accepts its hashes', async () => {
    const onThread = new BcryptPasswordHasher(4);
    expect(await onThread.verify('pw', await hasher.hash('pw'))).to.deep.equal({ busy: false, matches: true });
    expect(await hasher.verify('pw', await onThread.hash('pw'))).to.deep.equal({ busy: false, matches: true });
  });

  it('answers many concurrent calls, each with its own result, on no more threads than asked', async () => {
    const passwords = Array.from({ length: 24 }, (_, i) => `password-${i}`);
    const hashes = await Promise.all(passwords.map((password) => hasher.hash(password)));
    const checks = await Promise.all(
      passwords.flatMap((password, i) => [
        hasher.verify(password, hashes[i] ?? null),
        hasher.verify(password, hashes[(i + 1) % hashes.length] ?? null),
        hasher.verify(password, null),
      ]),
    );
    expect(checks.map((check) => check.busy || check.matches)).to.deep.equal(passwords.flatMap(() => [true, false, false]));
    expect(hasher.threads).to.equal(2);
  });

  it('keeps the event loop free while it hashes', async () => {
    const slow = new WorkerPasswordHasher(10, { threads: 1 });
    try {
      await slow.hash('warm up the thread');
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 5);
      const started = performance.now();
      await Promise.all([slow.hash('a'), slow.hash('b')]);
      const elapsed = performance.now() - started;
      clearInterval(timer);
      // On the event loop, two cost-10 hashes would leave no room for a single tick.
      expect(ticks).to.be.greaterThan(Math.min(3, elapsed / 20));
    } finally {
      await slow.close();
    }
  });

  it('on Linux, lowers the priority of its own threads only, never the event loop', async function () {
    if (process.platform !== 'linux') this.skip();
    const niceOf = (task: string): number => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19 of proc(5)
    };
    const ownNice = niceOf(String(process.pid));
    if (ownNice >= 7) this.skip(); // the runner itself is niced: nothing to tell apart
    const before = new Set(readdirSync('/proc/self/task'));
    const niced = new WorkerPasswordHasher(4, { threads: 2, niceness: 7 });
    try {
      await Promise.all([niced.hash('a'), niced.hash('b'), niced.hash('c')]);
      const started = readdirSync('/proc/self/task').filter((task) => !before.has(task));
      // Threads start on demand, so how many ran is up to the scheduler; each that did is niced.
      expect(started.map(niceOf).filter((nice) => nice === 7)).to.have.length.of.at.least(1);
      expect(niceOf(String(process.pid))).to.equal(ownNice);
    } finally {
      await niced.close();
    }
  });

  describe('bounded queue', () => {
    it('answers busy at once, unchecked, to a verification past the capacity; it queues again once there is room', async () => {
      const slow = new WorkerPasswordHasher(4, { threads: 1, queueCapacity: 2 });
      try {
        const hash = await slow.hash('pw'); // also lets the start-up dummy hash finish
        const first = slow.verify('pw', hash); // runs
        const queued = [slow.verify('pw', hash), slow.verify('no', hash)]; // wait
        expect(slow.waiting).to.equal(2);
        const refused = slow.verify('pw', hash);
        // The refusal is answered while the running compare is still going (its answer is a later message).
        expect(await Promise.race([refused, first.then(() => 'the first compare finished first')])).to.deep.include({ busy: true });
        const answer = await refused;
        expect(answer.busy && answer.retryAfterSeconds).to.be.a('number').that.is.at.least(1);
        expect(await Promise.all([first, ...queued])).to.deep.equal([true, true, false].map((matches) => ({ busy: false, matches })));
        expect(slow.peakWaiting).to.equal(2);
        expect(await slow.verify('pw', hash)).to.deep.equal({ busy: false, matches: true });
      } finally {
        await slow.close();
      }
    });

    it('counts unknown users (the dummy hash) against the same capacity', async () => {
      const slow = new WorkerPasswordHasher(4, { threads: 1, queueCapacity: 1 });
      try {
        const hash = await slow.hash('pw');
        const answers = await Promise.all([slow.verify('pw', hash), slow.verify('x', null), slow.verify('y', null)]);
        expect(answers.map((answer) => answer.busy)).to.deep.equal([false, false, true]);
      } finally {
        await slow.close();
      }
    });

    it('never refuses hash(): creating users and setting passwords are not anonymous work', async () => {
      const small = new WorkerPasswordHasher(4, { threads: 1, queueCapacity: 1 });
      try {
        expect(await Promise.all([small.hash('a'), small.hash('b'), small.hash('c')])).to.have.length(3);
      } finally {
        await small.close();
      }
    });

    it('by default holds 4 waiting verifications per thread at cost 10, half as many per cost step above, at least one', () => {
      expect([10, 11, 12, 13, 14, 15].map((cost) => defaultQueueCapacity(2, cost))).to.deep.equal([8, 4, 2, 2, 2, 2]);
      expect(defaultQueueCapacity(1, 4)).to.equal(4);
      expect(hasher.queueCapacity).to.equal(100);
      const byDefault = new WorkerPasswordHasher(10, { threads: 3 });
      expect(byDefault.queueCapacity).to.equal(12);
      return byDefault.close();
    });
  });

  it('rejects calls once closed, and closes twice without complaint', async () => {
    const inFlight = rejectionOf(hasher.hash('in flight'));
    await hasher.close();
    await hasher.close();
    expect(await inFlight).to.match(/closed/);
    expect(await rejectionOf(hasher.hash('late'))).to.match(/closed/);
    expect(await rejectionOf(hasher.verify('late', null))).to.match(/closed/);
  });

  it('holds the process open until its idle threads have exited, so an awaited close() returns', async () => {
    await Promise.all([hasher.hash('one'), hasher.hash('two')]); // both threads idle now, unref'd
    const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    const closing = hasher.close();
    expect(timers()).to.equal(before + 1);
    await closing;
    expect(timers()).to.equal(before);
  });

  it('runs from TypeScript source under `node -r @swc-node/register` and lets the process exit unclosed', async () => {
    const script = [
      "const { WorkerPasswordHasher } = require('./src/adapters/security/worker-password-hasher.ts');",
      'const hasher = new WorkerPasswordHasher(4, { threads: 2 });',
      "hasher.hash('pw').then(async (hash) => {",
      "  const answers = await Promise.all([hasher.verify('pw', hash), hasher.verify('no', hash), hasher.verify('pw', null)]);",
      '  process.stdout.write(JSON.stringify(answers));',
      '});', // no close(): an idle pool must not hold the process open
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: ROOT,
      timeout: 25_000,
    });
    expect(JSON.parse(stdout)).to.deep.equal([true, false, false].map((matches) => ({ busy: false, matches })));
  });
});
