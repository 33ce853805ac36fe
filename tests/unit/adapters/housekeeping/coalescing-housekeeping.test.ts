import { expect } from 'chai';
import { CoalescingHousekeeping } from '../../../../src/adapters/housekeeping/coalescing-housekeeping';
import { RecordingLogger } from '../../../support/recording-logger';

/** A task that records its runs and finishes when the test says so. */
const controlled = (runs: string[], name: string) => {
  const finishers: Array<() => void> = [];
  const task = (): Promise<void> => {
    runs.push(name);
    return new Promise((resolve) => finishers.push(resolve));
  };
  return { task, finish: () => finishers.shift()?.() };
};

/** Lets every pending setImmediate and promise run. */
const turns = async (count = 5): Promise<void> => {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('CoalescingHousekeeping: work after the answer, one run at a time per key', () => {
  let logger: RecordingLogger;
  let housekeeping: CoalescingHousekeeping;
  let runs: string[];

  beforeEach(() => {
    logger = new RecordingLogger();
    housekeeping = new CoalescingHousekeeping(logger);
    runs = [];
  });

  it('runs a task after the caller has gone on, not during the call', async () => {
    housekeeping.afterAnswer('k', async () => void runs.push('task'));
    expect(runs).to.deep.equal([]);
    await housekeeping.idle();
    expect(runs).to.deep.equal(['task']);
  });

  it('asked again before its run started: one run, of the later task', async () => {
    housekeeping.afterAnswer('k', async () => void runs.push('first'));
    housekeeping.afterAnswer('k', async () => void runs.push('second'));
    await housekeeping.idle();
    expect(runs).to.deep.equal(['second']);
  });

  it('asked again while it runs: one more run after it, never two at once', async () => {
    const first = controlled(runs, 'first');
    const later = controlled(runs, 'later');
    housekeeping.afterAnswer('k', first.task);
    await turns();
    expect(runs).to.deep.equal(['first']);
    housekeeping.afterAnswer('k', later.task);
    housekeeping.afterAnswer('k', later.task);
    await turns();
    expect(runs, 'not while the first runs').to.deep.equal(['first']);
    first.finish();
    await turns();
    expect(runs).to.deep.equal(['first', 'later']);
    later.finish();
    await housekeeping.idle();
    expect(runs).to.deep.equal(['first', 'later']);
  });

  it('runs tasks of different keys side by side', async () => {
    const a = controlled(runs, 'a');
    const b = controlled(runs, 'b');
    housekeeping.afterAnswer('a', a.task);
    housekeeping.afterAnswer('b', b.task);
    await turns();
    expect(runs).to.deep.equal(['a', 'b']);
    a.finish();
    b.finish();
    await housekeeping.idle();
  });

  it('logs a failed task with its key and goes on with the next', async () => {
    housekeeping.afterAnswer('k', async () => {
      throw new Error('store unreachable');
    });
    await housekeeping.idle();
    housekeeping.afterAnswer('k', async () => void runs.push('next'));
    await housekeeping.idle();
    expect(logger.lines.map((line) => [line.level, line.message, (line.fields as { key: string }).key])).to.deep.equal([['error', 'housekeeping failed', 'k']]);
    expect(runs).to.deep.equal(['next']);
  });

  it('on close, finishes what it took and takes nothing more', async () => {
    const running = controlled(runs, 'running');
    housekeeping.afterAnswer('k', running.task);
    await turns();
    let closed = false;
    const closing = housekeeping.close().then(() => {
      closed = true;
    });
    housekeeping.afterAnswer('other', async () => void runs.push('after close'));
    await turns();
    expect(closed, 'waits for the running task').to.equal(false);
    running.finish();
    await closing;
    await turns();
    expect(runs).to.deep.equal(['running']);
  });
});
