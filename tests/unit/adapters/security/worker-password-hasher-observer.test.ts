import { expect } from 'chai';
import { type HashingObserver, WorkerPasswordHasher } from '../../../../src/adapters/security/worker-password-hasher';

type Seen = { queue: number[]; waits: number[]; runs: Array<[string, number]> };

const recorder = (): { seen: Seen; observer: HashingObserver } => {
  const seen: Seen = { queue: [], waits: [], runs: [] };
  return {
    seen,
    observer: {
      queueLength: (length) => seen.queue.push(length),
      started: (waitSeconds) => seen.waits.push(waitSeconds),
      finished: (op, runSeconds) => seen.runs.push([op, runSeconds]),
    },
  };
};

describe('WorkerPasswordHasher observer hooks (metrics)', function () {
  this.timeout(30_000);

  it('reports the queue growing and draining, the wait of each task and the run of each, by operation', async () => {
    const { seen, observer } = recorder();
    const hasher = new WorkerPasswordHasher(4, { threads: 1, observer });
    try {
      // The dummy hash of the constructor holds the one thread: these three queue behind it.
      const hash = await Promise.all([hasher.hash('a'), hasher.hash('b'), hasher.hash('c')]).then(([first]) => first ?? '');
      expect(await hasher.verify('a', hash)).to.deep.equal({ busy: false, matches: true });
    } finally {
      await hasher.close();
    }
    expect(seen.queue).to.deep.equal([1, 2, 3, 2, 1, 0, 0]);
    expect(seen.waits).to.have.length(5);
    expect(seen.waits.every((wait) => wait >= 0)).to.equal(true);
    expect(seen.waits[3]).to.be.greaterThan(seen.waits[1] ?? Infinity); // the last queued waited longest
    expect(seen.runs.map(([op]) => op)).to.deep.equal(['hash', 'hash', 'hash', 'hash', 'verify']);
    expect(seen.runs.every(([, seconds]) => seconds > 0 && seconds < 5)).to.equal(true);
  });
});
