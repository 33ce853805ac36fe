import type { RefreshToken, RevokedReason } from '../../domain/refresh-token';

export type RotateResult = 'rotated' | 'already-rotated' | 'predecessor-revoked';

/**
 * Stored refresh tokens, as the use cases need them. Lookups answer null for "not found"; only
 * store failures throw. Housekeeping has its own ports (EndedSessions, ExpiredTokenPurge).
 */
export interface RefreshTokenRepository {
  add(token: RefreshToken): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshToken | null>;
  findById(id: string): Promise<RefreshToken | null>;
  /** A user's tokens, oldest first. */
  listByUser(userId: string): Promise<RefreshToken[]>;
  /**
   * Stores `successor` and saves `rotated` (its predecessor, now revoked) as one claim on the
   * predecessor: across all callers and instances, exactly one claim per successor hash
   * succeeds ('rotated'); every other answers 'already-rotated' and changes nothing.
   * When the stored predecessor was revoked meanwhile (a logout or a reuse detection racing the
   * refresh), the revocation wins: the answer is 'predecessor-revoked' and no active successor
   * is left stored.
   */
  rotate(rotated: RefreshToken, successor: RefreshToken): Promise<RotateResult>;
  /** Revokes every still-unrevoked token of a family; answers how many it revoked. */
  revokeFamily(familyId: string, at: Date, byIp: string, reason: RevokedReason): Promise<number>;
  /** Revokes every still-unrevoked token of a user; answers the families it touched. */
  revokeAllOfUser(userId: string, at: Date, byIp: string, reason: RevokedReason): Promise<string[]>;
}
