/** A refresh-token secret as handed to the client, with the hash that is stored in its place. */
export type TokenSecret = Readonly<{ value: string; hash: string }>;

/** Makes and hashes refresh-token secrets. */
export interface TokenGenerator {
  /** A fresh secret: 40 random bytes, hex. */
  random(): TokenSecret;
  /**
   * The one successor of a secret: the same input always gives the same output on every
   * instance sharing the server key, and nobody without the key can compute it.
   */
  successorOf(value: string): TokenSecret;
  /** The stored form of a secret (SHA-256, hex). */
  hashOf(value: string): string;
}
