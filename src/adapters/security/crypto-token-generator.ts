import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { TokenGenerator, TokenSecret } from '../../application/ports/token-generator';

const SECRET_BYTES = 40;
/** `<session id>.<80 hex>`: the session id as RandomIdGenerator makes it (24 hex), then the secret proper. */
const NAMED = /^([0-9a-f]{24})\.[0-9a-f]{80}$/;

/**
 * Random secrets from the OS that name their session, SHA-256 for storage, and successors
 * derived by HMAC-SHA512 under a server key: each instance with the same key derives the same
 * successor, of the same session. A secret made before secrets named their session (80 hex
 * alone) keeps that form through its rotations.
 */
export class CryptoTokenGenerator implements TokenGenerator {
  constructor(private readonly successorKey: Buffer) {}

  startOf(sessionId: string): TokenSecret {
    return this.secret(`${sessionId}.${randomBytes(SECRET_BYTES).toString('hex')}`);
  }

  successorOf(value: string): TokenSecret {
    const derived = createHmac('sha512', this.successorKey).update(value).digest().subarray(0, SECRET_BYTES).toString('hex');
    const sessionId = this.sessionOf(value);
    return this.secret(sessionId === null ? derived : `${sessionId}.${derived}`);
  }

  sessionOf(value: string): string | null {
    return NAMED.exec(value)?.[1] ?? null;
  }

  hashOf(value: string): string {
    return createHash('sha256').update(value).digest('hex');
  }

  private secret(value: string): TokenSecret {
    return { value, hash: this.hashOf(value) };
  }
}
