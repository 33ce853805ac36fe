import type { RefreshTokenRepository, RotateResult } from '../../../application/ports/refresh-token-repository';
import type { RefreshToken, RevokedReason } from '../../../domain/refresh-token';

/**
 * The embedded store: tokens in process memory, gone at exit. Every method does its
 * check-and-write without awaiting in between, so each is atomic on the event loop.
 */
export class InMemoryRefreshTokenRepository implements RefreshTokenRepository {
  private readonly byId = new Map<string, RefreshToken>();
  private readonly idByHash = new Map<string, string>();
  private readonly idsByUser = new Map<string, Set<string>>();

  async add(token: RefreshToken): Promise<void> {
    if (this.idByHash.has(token.tokenHash)) throw new Error('duplicate refresh token hash');
    this.put(token);
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | null> {
    const id = this.idByHash.get(tokenHash);
    return id === undefined ? null : (this.byId.get(id) ?? null);
  }

  async findById(id: string): Promise<RefreshToken | null> {
    return this.byId.get(id) ?? null;
  }

  async listByUser(userId: string): Promise<RefreshToken[]> {
    return this.tokensOf(userId).sort((a, b) => a.created.getTime() - b.created.getTime());
  }

  async rotate(rotated: RefreshToken, successor: RefreshToken): Promise<RotateResult> {
    if (this.idByHash.has(successor.tokenHash)) return 'already-rotated';
    if (this.byId.get(rotated.id)?.toProps().revoked !== undefined) return 'predecessor-revoked';
    this.put(successor);
    this.byId.set(rotated.id, rotated);
    return 'rotated';
  }

  async saveRevocation(token: RefreshToken): Promise<void> {
    if (this.byId.has(token.id)) this.byId.set(token.id, token);
  }

  async revokeFamily(familyId: string, at: Date, byIp: string, reason: RevokedReason): Promise<number> {
    return this.revokeWhere((token) => token.familyId === familyId, at, byIp, reason).length;
  }

  async revokeAllOfUser(userId: string, at: Date, byIp: string, reason: RevokedReason): Promise<string[]> {
    const revoked = this.revokeWhere((token) => token.userId === userId, at, byIp, reason);
    return [...new Set(revoked.map((token) => token.familyId))];
  }

  async revokedFamiliesSince(since: Date): Promise<string[]> {
    const families = new Set<string>();
    for (const token of this.byId.values()) {
      const { revoked, revokedReason } = token.toProps();
      if (revoked !== undefined && revoked >= since && revokedReason !== 'rotated') families.add(token.familyId);
    }
    return [...families];
  }

  async purgeExpired(before: Date): Promise<number> {
    let purged = 0;
    for (const token of [...this.byId.values()]) {
      if (token.expires < before) {
        this.byId.delete(token.id);
        this.idByHash.delete(token.tokenHash);
        this.idsByUser.get(token.userId)?.delete(token.id);
        purged += 1;
      }
    }
    return purged;
  }

  private put(token: RefreshToken): void {
    this.byId.set(token.id, token);
    this.idByHash.set(token.tokenHash, token.id);
    const ids = this.idsByUser.get(token.userId) ?? new Set<string>();
    ids.add(token.id);
    this.idsByUser.set(token.userId, ids);
  }

  private tokensOf(userId: string): RefreshToken[] {
    const ids = [...(this.idsByUser.get(userId) ?? [])];
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }

  private revokeWhere(
    matches: (token: RefreshToken) => boolean,
    at: Date,
    byIp: string,
    reason: RevokedReason,
  ): RefreshToken[] {
    const revoked = [...this.byId.values()]
      .filter((token) => matches(token) && token.toProps().revoked === undefined)
      .map((token) => token.revoke(at, byIp, reason));
    for (const token of revoked) this.byId.set(token.id, token);
    return revoked;
  }
}
