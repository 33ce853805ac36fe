import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { TokenGenerator, TokenSecret } from '../../application/ports/token-generator';

const SECRET_BYTES = 40;

/**
 * Random secrets from the OS, SHA-256 for storage, and successors derived by HMAC-SHA512
 * under a server key: each instance with the same key derives the same successor.
 */
export class CryptoTokenGenerator implements TokenGenerator {
  constructor(private readonly successorKey: Buffer) {}

  random(): TokenSecret {
    return this.secret(randomBytes(SECRET_BYTES).toString('hex'));
  }

  successorOf(value: string): TokenSecret {
    const derived = createHmac('sha512', this.successorKey).update(value).digest().subarray(0, SECRET_BYTES);
    return this.secret(derived.toString('hex'));
  }

  hashOf(value: string): string {
    return createHash('sha256').update(value).digest('hex');
  }

  private secret(value: string): TokenSecret {
    return { value, hash: this.hashOf(value) };
  }
}
