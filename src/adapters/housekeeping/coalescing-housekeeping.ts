import type { Housekeeping } from '../../application/ports/housekeeping';
import type { Logger } from '../../application/ports/logger';

type Task = () => Promise<void>;
type Slot = { task: Task; started: boolean; again?: Task; done: Promise<void> };

/** Hands the task to the event loop after the current turn (setImmediate: after pending I/O). */
export type Defer = () => Promise<void>;
const nextTurn: Defer = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Housekeeping in this process, after the request's answer: one slot per key, so a flood of
 * requests for one key costs one run at a time, not one each. Nothing is persisted: work lost
 * with the process is redone by the next request that asks for its key.
 */
export class CoalescingHousekeeping implements Housekeeping {
  private readonly slots = new Map<string, Slot>();
  private closed = false;

  constructor(
    private readonly logger: Logger,
    private readonly defer: Defer = nextTurn,
  ) {}

  afterAnswer(key: string, task: Task): void {
    if (this.closed) return;
    const slot = this.slots.get(key);
    if (slot === undefined) this.begin(key, task);
    else if (slot.started) slot.again = task;
    else slot.task = task;
  }

  /** Resolves once no task is waiting or running, those asked for meanwhile included. */
  async idle(): Promise<void> {
    while (this.slots.size > 0) await Promise.all([...this.slots.values()].map((slot) => slot.done));
  }

  /** Takes no more tasks and waits for those taken (before the stores they use are closed). */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private begin(key: string, task: Task): void {
    const slot: Slot = { task, started: false, done: Promise.resolve() };
    slot.done = this.defer()
      .then(() => {
        slot.started = true;
        return slot.task();
      })
      .catch((error: unknown) => this.logger.error({ err: error, key }, 'housekeeping failed'))
      .then(() => {
        this.slots.delete(key);
        if (slot.again !== undefined && !this.closed) this.begin(key, slot.again);
      });
    this.slots.set(key, slot);
  }
}
