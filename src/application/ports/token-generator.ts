/** A refresh-token secret as handed to the client, with the hash that is stored in its place. */
export type TokenSecret = Readonly<{ value: string; hash: string }>;

/** Makes and hashes refresh-token secrets. */
export interface TokenGenerator {
  /** The first secret of a new session: 40 random bytes, and the session's id. */
  startOf(sessionId: string): TokenSecret;
  /**
   * The one successor of a secret, of the same session: the same input always gives the same
   * output on every instance sharing the server key, and nobody without the key can compute it.
   */
  successorOf(value: string): TokenSecret;
  /**
   * The session a secret names, null for one that names none (made before secrets did). Proves
   * nothing by itself: the stored hash covers the whole secret, name included.
   */
  sessionOf(value: string): string | null;
  /** The stored form of a secret (SHA-256, hex). */
  hashOf(value: string): string;
}
