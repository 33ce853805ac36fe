import type { AccessClaims } from '../../application/ports/access-tokens';

/** A token whose signature was checked: its claims, expiry (seconds since the epoch) and key. */
export type VerifiedEntry = Readonly<{ claims: AccessClaims; exp: number; kid: string }>;

/**
 * Tokens whose signature has been checked, keyed by the whole token string, so a client that
 * sends the same token on every request pays for one signature check. An entry is never
 * answered at or past its `exp`; at `maxEntries` the oldest entry makes room (Map keeps
 * insertion order), so memory stays bounded however many tokens come by.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedEntry>();

  constructor(private readonly maxEntries: number) {}

  get(token: string, now: Date): VerifiedEntry | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (now.getTime() / 1000 >= entry.exp) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  put(token: string, entry: VerifiedEntry): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(token, entry);
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
