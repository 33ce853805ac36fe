import { StoreUnavailable } from '../../src/application/ports/store-unavailable';

type Pause = { reached: () => void; released: Promise<void> };

/**
 * Wraps a store so that a test can stop a use case between its steps: pause at a method (the
 * test acts while the use case waits there) or fail it once, before the store did anything or
 * after it did (the write landed, the answer was lost), as an outage would.
 */
export class StepControl {
  private readonly pauses = new Map<string, Pause>();
  private readonly failures = new Map<string, 'before' | 'after'>();

  /** The next call of `method` waits, before reaching the store, until `release()`; `reached` resolves when it does. */
  pauseAt(method: string): { reached: Promise<void>; release: () => void } {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached: () => void = () => undefined;
    const reachedPromise = new Promise<void>((resolve) => {
      reached = resolve;
    });
    this.pauses.set(method, { reached, released });
    return { reached: reachedPromise, release };
  }

  /** The next call of `method` throws StoreUnavailable, before or after the store did its work. */
  failOnceAt(method: string, when: 'before' | 'after'): void {
    this.failures.set(method, when);
  }

  wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (object, key, receiver) => {
        const member: unknown = Reflect.get(object, key, receiver);
        if (typeof member !== 'function') return member;
        return async (...args: unknown[]): Promise<unknown> => {
          const name = String(key);
          const pause = this.pauses.get(name);
          if (pause !== undefined) {
            this.pauses.delete(name);
            pause.reached();
            await pause.released;
          }
          const failure = this.failures.get(name);
          if (failure !== undefined) this.failures.delete(name);
          if (failure === 'before') throw new StoreUnavailable(new Error(`${name}: connection refused`));
          const result: unknown = await (member as (...a: unknown[]) => unknown).apply(object, args);
          if (failure === 'after') throw new StoreUnavailable(new Error(`${name}: connection reset after the write`));
          return result;
        };
      },
    });
  }
}
