import type { SigningKey } from '../../domain/signing-key';

export type AddSigningKeyResult = 'added' | 'generation-taken';

/**
 * The service's signing keys, shared by every instance on the store. A key is added once and
 * then only retired, so listing is the whole key set. Only store failures throw.
 */
export interface SigningKeys {
  /** Every stored key, any order. */
  list(): Promise<SigningKey[]>;
  /**
   * Adds the key unless a key of its generation is stored: atomic per generation (a unique
   * index, never a read-then-write), so instances that find a rotation due at once add one key.
   */
  add(key: SigningKey): Promise<AddSigningKeyResult>;
  /** Stores the key's retirement; null when no key has this kid. Retiring twice keeps the first time. */
  retire(kid: string, at: Date): Promise<SigningKey | null>;
}
