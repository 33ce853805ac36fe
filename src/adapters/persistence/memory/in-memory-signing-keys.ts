import type { AddSigningKeyResult, SigningKeys } from '../../../application/ports/signing-keys';
import type { SigningKey } from '../../../domain/signing-key';

/**
 * The embedded store's keys: in process memory, gone at exit, like the tokens they sign. The
 * generation check and the insert happen in one synchronous step, so it is atomic per generation.
 */
export class InMemorySigningKeys implements SigningKeys {
  private readonly byGeneration = new Map<number, SigningKey>();

  async list(): Promise<SigningKey[]> {
    return [...this.byGeneration.values()];
  }

  async add(key: SigningKey): Promise<AddSigningKeyResult> {
    if (this.byGeneration.has(key.generation)) return 'generation-taken';
    if ([...this.byGeneration.values()].some((stored) => stored.kid === key.kid)) throw new Error(`a key with kid ${key.kid} is stored`);
    this.byGeneration.set(key.generation, key);
    return 'added';
  }

  async retire(kid: string, at: Date): Promise<SigningKey | null> {
    const stored = [...this.byGeneration.values()].find((key) => key.kid === kid);
    if (stored === undefined) return null;
    const retired = stored.retire(at);
    this.byGeneration.set(retired.generation, retired);
    return retired;
  }
}
