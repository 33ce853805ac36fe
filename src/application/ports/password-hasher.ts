/** Slow, salted password hashing. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * True when the password matches the hash. With a null hash (no such user) it spends
   * the same time against a dummy hash and answers false, so timing tells nothing.
   */
  verify(password: string, hash: string | null): Promise<boolean>;
}
