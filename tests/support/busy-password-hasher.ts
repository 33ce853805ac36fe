import type { PasswordHasher, Verification } from '../../src/application/ports/password-hasher';

/** Wraps a hasher; while `busyFor` is set, verify answers busy without checking, like a full queue. */
export class BusyPasswordHasher implements PasswordHasher {
  /** Seconds to answer as Retry-After; null: pass every call through. */
  busyFor: number | null = null;

  constructor(private readonly inner: PasswordHasher) {}

  hash(password: string): Promise<string> {
    return this.inner.hash(password);
  }

  async verify(password: string, hash: string | null): Promise<Verification> {
    return this.busyFor === null ? this.inner.verify(password, hash) : { busy: true, retryAfterSeconds: this.busyFor };
  }
}
