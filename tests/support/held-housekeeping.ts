import type { Housekeeping } from '../../src/application/ports/housekeeping';

/**
 * Housekeeping that runs nothing until the test releases it: what a request costs before its
 * answer and what it leaves for after can then be counted apart.
 */
export class HeldHousekeeping implements Housekeeping {
  private readonly held: Array<() => Promise<void>> = [];

  afterAnswer(_key: string, task: () => Promise<void>): void {
    this.held.push(task);
  }

  /** Runs what is held, in order, and what those tasks leave in turn; a failure fails the test. */
  async release(): Promise<void> {
    for (let task = this.held.shift(); task !== undefined; task = this.held.shift()) await task();
  }
}
