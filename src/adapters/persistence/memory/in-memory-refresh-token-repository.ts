import type { EndedSessions } from '../../../application/ports/ended-sessions';
import type { ExpiredTokenPurge } from '../../../application/ports/expired-token-purge';
import type { EndSessionResult, Page, PageRequest, PresentedTokens, RefreshTokenRepository } from '../../../application/ports/refresh-token-repository';
import type { RefreshToken } from '../../../domain/refresh-token';
import { type SessionEnding, tokenReasonOf } from '../../../domain/session-ending';
import { pageOf } from '../page-cursor';

/**
 * The embedded store: tokens and session endings in process memory, gone at exit. Every
 * method does its check-and-write without awaiting in between, so each is atomic on the event loop.
 */
export class InMemoryRefreshTokenRepository implements RefreshTokenRepository, EndedSessions, ExpiredTokenPurge {
  private readonly byId = new Map<string, RefreshToken>();
  private readonly idByHash = new Map<string, string>();
  private readonly idsByUser = new Map<string, Set<string>>();
  private readonly idsByFamily = new Map<string, Set<string>>();
  /** Session endings by session id, in the order made: what endedSince reads. */
  private readonly endings = new Map<string, SessionEnding>();

  async add(token: RefreshToken): Promise<void> {
    if (this.idByHash.has(token.tokenHash)) throw new Error('duplicate refresh token hash');
    this.put(token);
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | null> {
    const id = this.idByHash.get(tokenHash);
    return id === undefined ? null : (this.byId.get(id) ?? null);
  }

  async findPresented(tokenHash: string, successorHash: string): Promise<PresentedTokens> {
    const token = await this.findByHash(tokenHash);
    const sessionEnded = token !== null && this.endings.has(token.familyId);
    return { token, successor: await this.findByHash(successorHash), sessionEnded };
  }

  async findById(id: string): Promise<RefreshToken | null> {
    return this.byId.get(id) ?? null;
  }

  async listByUser(userId: string, page: PageRequest): Promise<Page<RefreshToken>> {
    return pageOf(await this.allOfUser(userId), page);
  }

  async allOfUser(userId: string): Promise<RefreshToken[]> {
    const tokens = [...(this.idsByUser.get(userId) ?? [])].flatMap((id) => this.byId.get(id) ?? []);
    return tokens.sort((a, b) => a.created.getTime() - b.created.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async unrevokedOfUser(userId: string): Promise<RefreshToken[]> {
    return [...(this.idsByUser.get(userId) ?? [])]
      .flatMap((id) => this.byId.get(id) ?? [])
      .filter((token) => !token.isRevoked && !this.endings.has(token.familyId));
  }

  async rotate(rotated: RefreshToken, successor: RefreshToken): Promise<'committed' | 'revoked'> {
    const stored = this.byId.get(rotated.id);
    if (stored?.revokedReason === 'rotated') return stored.replacedBy === successor.id ? 'committed' : 'revoked';
    // Revoked or gone: nothing is stored, so no successor of an ended session is left behind.
    if (stored === undefined || stored.isRevoked) return 'revoked';
    if (!this.idByHash.has(successor.tokenHash)) this.put(successor);
    this.byId.set(rotated.id, rotated);
    return 'committed';
  }

  async forgetRotations(sessionId: string, generation: number): Promise<number> {
    const older = [...(this.idsByFamily.get(sessionId) ?? [])]
      .flatMap((id) => this.byId.get(id) ?? [])
      .filter((token) => token.generation < generation);
    older.forEach((token) => this.remove(token));
    return older.length;
  }

  async endSession(ending: SessionEnding): Promise<EndSessionResult> {
    const ended = !this.endings.has(ending.sessionId);
    if (ended) this.endings.set(ending.sessionId, ending);
    let revokedTokens = 0;
    for (const id of this.idsByFamily.get(ending.sessionId) ?? []) {
      const token = this.byId.get(id);
      if (token === undefined || token.isRevoked) continue;
      this.byId.set(id, token.revoke(ending.at, ending.byIp, tokenReasonOf(ending.reason)));
      revokedTokens += 1;
    }
    return { ended, revokedTokens };
  }

  async endingOf(sessionId: string): Promise<SessionEnding | null> {
    return this.endings.get(sessionId) ?? null;
  }

  async deleteSessions(sessionIds: readonly string[]): Promise<number> {
    const tokens = sessionIds.flatMap((family) => [...(this.idsByFamily.get(family) ?? [])]).flatMap((id) => this.byId.get(id) ?? []);
    tokens.forEach((token) => this.remove(token));
    return tokens.length;
  }

  async endedSince(since: Date): Promise<string[]> {
    return [...this.endings.values()].filter((ending) => ending.at >= since).map((ending) => ending.sessionId);
  }

  async purgeExpired(before: Date): Promise<number> {
    const expired = [...this.byId.values()].filter((token) => token.expires < before);
    expired.forEach((token) => this.remove(token));
    for (const [sessionId, ending] of this.endings) if (ending.keepUntil < before) this.endings.delete(sessionId);
    return expired.length;
  }

  /** How many tokens are held: for tests of the storage bound. */
  get size(): number {
    return this.byId.size;
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

  private remove(token: RefreshToken): void {
    this.byId.delete(token.id);
    this.idByHash.delete(token.tokenHash);
    for (const [index, key] of [
      [this.idsByUser, token.userId],
      [this.idsByFamily, token.familyId],
    ] as const) {
      const ids = index.get(key);
      ids?.delete(token.id);
      if (ids?.size === 0) index.delete(key);
    }
  }
}
