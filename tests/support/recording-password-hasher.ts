import type { PasswordHasher, Verification } from '../../src/application/ports/password-hasher';

/** Wraps a real hasher and remembers every verify call, to see the bcrypt work is done. */
export class RecordingPasswordHasher implements PasswordHasher {
  readonly verifyCalls: Array<Readonly<{ password: string; hash: string | null }>> = [];

  constructor(private readonly inner: PasswordHasher) {}

  hash(password: string): Promise<string> {
    return this.inner.hash(password);
  }

  verify(password: string, hash: string | null): Promise<Verification> {
    this.verifyCalls.push({ password, hash });
    return this.inner.verify(password, hash);
  }
}
