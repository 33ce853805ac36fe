import type { EndedSessions } from '../../../application/ports/ended-sessions';
import type { ExpiredTokenPurge } from '../../../application/ports/expired-token-purge';
import type { RefreshTokenRepository, RotateResult } from '../../../application/ports/refresh-token-repository';
import type { RefreshToken, RevokedReason } from '../../../domain/refresh-token';

/**
 * The embedded store: tokens in process memory, gone at exit. Every method does its
 * check-and-write without awaiting in between, so each is atomic on the event loop.
 */
export class InMemoryRefreshTokenRepository implements RefreshTokenRepository, EndedSessions, ExpiredTokenPurge {
  private readonly byId = new Map<string, RefreshToken>();
  private readonly idByHash = new Map<string, string>();
  private readonly idsByUser = new Map<string, Set<string>>();
  private readonly idsByFamily = new Map<string, Set<string>>();
  /** Revocations other than rotation, in the order made: what endedSince reads. */
  private readonly endings: Array<Readonly<{ at: Date; familyId: string }>> = [];

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
    if (this.byId.get(rotated.id)?.isRevoked === true) return 'predecessor-revoked';
    this.put(successor);
    this.byId.set(rotated.id, rotated);
    return 'rotated';
  }

  async revokeFamily(familyId: string, at: Date, byIp: string, reason: RevokedReason): Promise<number> {
    return this.revokeAmong(this.idsByFamily.get(familyId), at, byIp, reason).length;
  }

  async revokeAllOfUser(userId: string, at: Date, byIp: string, reason: RevokedReason): Promise<string[]> {
    const revoked = this.revokeAmong(this.idsByUser.get(userId), at, byIp, reason);
    return [...new Set(revoked.map((token) => token.familyId))];
  }

  async endedSince(since: Date): Promise<string[]> {
    return [...new Set(this.endings.filter((ending) => ending.at >= since).map((ending) => ending.familyId))];
  }

  async purgeExpired(before: Date): Promise<number> {
    let purged = 0;
    for (const token of [...this.byId.values()]) {
      if (token.expires < before) {
        this.byId.delete(token.id);
        this.idByHash.delete(token.tokenHash);
        this.idsByUser.get(token.userId)?.delete(token.id);
        this.idsByFamily.get(token.familyId)?.delete(token.id);
        purged += 1;
      }
    }
    // A session's access tokens die long before its expired refresh tokens are purged.
    const kept = this.endings.filter((ending) => ending.at >= before);
    this.endings.splice(0, this.endings.length, ...kept);
    return purged;
  }

  private put(token: RefreshToken): void {
    this.byId.set(token.id, token);
    this.idByHash.set(token.tokenHash, token.id);
    for (const [index, key] of [
      [this.idsByUser, token.userId],
      [this.idsByFamily, token.familyId],
    ] as const) {
      const ids = index.get(key) ?? new Set<string>();
      ids.add(token.id);
      index.set(key, ids);
    }
  }

  private noteEnding(token: RefreshToken): void {
    const at = token.sessionEndedAt;
    if (at !== undefined) this.endings.push({ at, familyId: token.familyId });
  }

  private tokensOf(userId: string): RefreshToken[] {
    const ids = [...(this.idsByUser.get(userId) ?? [])];
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }

  private revokeAmong(ids: ReadonlySet<string> | undefined, at: Date, byIp: string, reason: RevokedReason): RefreshToken[] {
    const revoked = [...(ids ?? [])]
      .flatMap((id) => this.byId.get(id) ?? [])
      .filter((token) => !token.isRevoked)
      .map((token) => token.revoke(at, byIp, reason));
    for (const token of revoked) {
      this.byId.set(token.id, token);
      this.noteEnding(token);
    }
    return revoked;
  }
}
