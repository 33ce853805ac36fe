/** What checking a password came to: checked (matching or not), or refused unchecked because the hasher is full. */
export type Verification =
  | Readonly<{ busy: false; matches: boolean }>
  | Readonly<{ busy: true; retryAfterSeconds: number }>;

/** Slow, salted password hashing. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Whether the password matches the hash. With a null hash (no such user) it spends the same
   * time against a dummy hash and answers no match, so timing tells nothing. A hasher with a
   * bounded queue answers busy at once, without checking, when the queue is full; then
   * `retryAfterSeconds` (a whole number, at least 1) is its estimate of when there is room.
   */
  verify(password: string, hash: string | null): Promise<Verification>;
}
