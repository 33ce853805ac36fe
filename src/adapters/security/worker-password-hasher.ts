import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PasswordHasher, Verification } from '../../application/ports/password-hasher';

/** The thread's code: plain CommonJS next to this file, so it runs from TS source and needs no hook. */
const WORKER_FILE = join(__dirname, 'bcrypt-worker.cjs');

/**
 * Nice 19, CPU weight 15 against the event loop's 1024: the loop wins the core whenever it has
 * work, and hashing still gets all the idle time. Measured on 2 cores under a login flood: verify
 * p99 rose 3.8-11x at nice 0 (bench/, mixed scenario); against nice 10, nice 19 had the lower
 * median flood/quiet p99 ratio in each of three interleaved runs, at no cost in logins/s
 * (`npm run bench:flood-tail`, README: Performance).
 */
const DEFAULT_NICENESS = 19;

/**
 * Waiting verifications per thread, by default, at bcrypt cost 10; half as many per cost step
 * above it (each step doubles a compare's time), at least one. A cost-10 compare took 67-78 ms
 * on this project's 2-core VM, so a queued login waits for at most 4 compares per thread
 * (~0.3 s) plus its own. Under a flood the niced threads get less CPU and compares take several
 * times longer: with 16 per thread a real login that got in waited 6 s there, with 4 about 2 s.
 * Four per thread still leaves room for the bench's login load (4 connections per thread).
 */
const QUEUED_PER_THREAD_AT_COST_10 = 4;
export const defaultQueueCapacity = (threads: number, cost: number): number =>
  threads * Math.max(1, Math.floor(QUEUED_PER_THREAD_AT_COST_10 / 2 ** Math.max(0, cost - 10)));

/** How much the latest task weighs in the running estimate of a task's duration. */
const DURATION_SMOOTHING = 0.2;

type Task = Readonly<{ op: 'hash'; password: string; cost: number } | { op: 'verify'; password: string; hash: string }>;
type Reply = Readonly<{ id: number; value?: string | boolean; error?: string }>;
type Pending = Readonly<{
  id: number;
  task: Task;
  /** process.hrtime, ns: when the task was handed to the pool (then, when a thread took it). */
  queuedAt: bigint;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}>;
type Slot = { worker: Worker; current: Pending | null; failure: Error | null; startedAt: bigint };

/** Hooks for metrics: called on the event loop, each in a few microseconds; must not throw. */
export type HashingObserver = Readonly<{
  /** The number of tasks waiting for a thread, after it changed. */
  queueLength(length: number): void;
  /** A thread took a task that had waited this long for one. */
  started(waitSeconds: number): void;
  /** A thread finished a task (answered or failed) after this long on it. */
  finished(op: Task['op'], runSeconds: number): void;
}>;

const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

export type WorkerPasswordHasherOptions = Readonly<{
  /** Most threads the pool starts; one per core by default. */
  threads?: number;
  /**
   * Nice value of the hashing threads, 19 (the lowest priority) by default: under a login flood the event loop (token
   * checks, refreshes) is scheduled first and logins take the CPU left over. Linux only, where a
   * nice value is per thread (elsewhere it would slow the whole process); 0 keeps normal priority.
   */
  niceness?: number;
  /**
   * Most verifications left waiting for a thread (running ones aside); past it `verify`
   * answers busy at once instead of queueing. `defaultQueueCapacity` by default.
   */
  queueCapacity?: number;
  /** Watches the queue and the threads (metrics); nothing by default. */
  observer?: HashingObserver;
}>;

/**
 * bcryptjs on a pool of worker threads: a hash takes a whole core for tens of milliseconds,
 * which on the event loop would stall every other request. Threads start on demand up to
 * `threads`, at a lower priority than the event loop; an idle pool is unref'd, so it never
 * keeps the process alive, and `close()` ends it at shutdown. The queue of verifications is
 * bounded, so a login flood cannot queue a login behind more than `queueCapacity` others;
 * `hash` (creating users, setting passwords: admins and operators only) always queues.
 */
export class WorkerPasswordHasher implements PasswordHasher {
  readonly threads: number;
  readonly queueCapacity: number;
  readonly niceness: number;
  private readonly observer: HashingObserver | undefined;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  private mostWaiting = 0;
  /** Running estimate of one task's duration in ms, for Retry-After; 0 until a task has finished. */
  private taskMs = 0;
  /** Compared against when there is no user, so that case costs what a wrong password costs. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly cost: number,
    options: WorkerPasswordHasherOptions = {},
  ) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
    this.niceness = process.platform === 'linux' ? (options.niceness ?? DEFAULT_NICENESS) : 0;
    this.queueCapacity = Math.max(1, Math.floor(options.queueCapacity ?? defaultQueueCapacity(this.threads, cost)));
    this.observer = options.observer;
    this.dummyHash = this.hash('no user has this password');
    this.dummyHash.catch(() => undefined); // a pool closed before first use: verify reports it
  }

  async hash(password: string): Promise<string> {
    return (await this.run({ op: 'hash', password, cost: this.cost })) as string;
  }

  async verify(password: string, hash: string | null): Promise<Verification> {
    const against = hash ?? (await this.dummyHash);
    if (this.queue.length >= this.queueCapacity && !this.closed) return { busy: true, retryAfterSeconds: this.drainSeconds() };
    const matches = (await this.run({ op: 'verify', password, hash: against })) as boolean;
    return { busy: false, matches: hash !== null && matches };
  }

  /** Tasks waiting for a thread now. */
  get waiting(): number {
    return this.queue.length;
  }

  /** The most tasks that have waited at once since the pool started. */
  get peakWaiting(): number {
    return this.mostWaiting;
  }

  /** Stops every thread; pending and later calls reject. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('the password hasher is closed');
    for (const pending of this.queue.splice(0)) pending.reject(error);
    this.observer?.queueLength(0);
    // Node does not always hold the process open while idle (unref'd) threads exit: seen on this
    // pool, under load, as a process ending with a caller's `await close()` never returning.
    const holdOpen = setInterval(() => undefined, 60_000);
    try {
      await Promise.all(
        this.slots.map((slot) => {
          slot.current?.reject(error);
          slot.current = null;
          return slot.worker.terminate();
        }),
      );
    } finally {
      clearInterval(holdOpen);
    }
  }

  private run(task: Task): Promise<string | boolean> {
    if (this.closed) return Promise.reject(new Error('the password hasher is closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, task, resolve, reject, queuedAt: process.hrtime.bigint() };
      const slot = this.slots.find((candidate) => candidate.current === null) ?? this.grow();
      if (slot === null) {
        this.queue.push(pending);
        this.mostWaiting = Math.max(this.mostWaiting, this.queue.length);
        this.observer?.queueLength(this.queue.length);
      } else {
        this.dispatch(slot, pending);
      }
    });
  }

  /** A new thread, or null when the pool is at its size. */
  private grow(): Slot | null {
    if (this.slots.length >= this.threads) return null;
    const slot: Slot = { worker: this.spawn(), current: null, failure: null, startedAt: 0n };
    this.slots.push(slot);
    this.listen(slot);
    return slot;
  }

  private spawn(): Worker {
    // No execArgv: a parent's `-r @swc-node/register` would otherwise load the compiler into each thread.
    return new Worker(WORKER_FILE, { execArgv: [], workerData: { niceness: this.niceness } });
  }

  private listen(slot: Slot): void {
    const worker = slot.worker;
    worker.on('message', (reply: Reply) => this.settle(slot, reply));
    worker.on('error', (error) => {
      slot.failure = error;
    });
    worker.on('exit', (code) => {
      if (this.closed || slot.worker !== worker) return;
      // The thread died (out of memory, a bug): fail its task, replace it, carry on with the queue.
      if (slot.current !== null) this.observer?.finished(slot.current.task.op, secondsSince(slot.startedAt));
      slot.current?.reject(slot.failure ?? new Error(`a password hashing thread exited with code ${code}`));
      slot.current = null;
      slot.failure = null;
      slot.worker = this.spawn();
      this.listen(slot);
      this.next(slot);
    });
  }

  private dispatch(slot: Slot, pending: Pending): void {
    slot.current = pending;
    slot.startedAt = process.hrtime.bigint();
    this.observer?.started(Number(slot.startedAt - pending.queuedAt) / 1e9);
    slot.worker.ref(); // busy: an awaited hash keeps the process alive until it answers
    slot.worker.postMessage({ id: pending.id, ...pending.task });
  }

  private settle(slot: Slot, reply: Reply): void {
    const pending = slot.current;
    slot.current = null;
    if (pending !== null) this.observer?.finished(pending.task.op, secondsSince(slot.startedAt));
    if (pending !== null && pending.id === reply.id) {
      this.learnDuration(secondsSince(slot.startedAt) * 1000);
      if (reply.error !== undefined || reply.value === undefined) pending.reject(new Error(reply.error ?? 'no answer'));
      else pending.resolve(reply.value);
    }
    this.next(slot);
  }

  private learnDuration(ms: number): void {
    this.taskMs = this.taskMs === 0 ? ms : this.taskMs + DURATION_SMOOTHING * (ms - this.taskMs);
  }

  /** Whole seconds, at least one, until the tasks waiting now have all been taken by a thread. */
  private drainSeconds(): number {
    return Math.max(1, Math.ceil((this.queue.length * this.taskMs) / this.threads / 1000));
  }

  private next(slot: Slot): void {
    const pending = this.queue.shift();
    if (pending === undefined) slot.worker.unref();
    else {
      this.observer?.queueLength(this.queue.length);
      this.dispatch(slot, pending);
    }
  }
}
