import type { RefreshToken, RevokedReason } from '../../domain/refresh-token';

export type RotateResult = 'rotated' | 'already-rotated' | 'predecessor-revoked';

/** Stored refresh tokens. Lookups answer null for "not found"; only store failures throw. */
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
  /** Saves the revocation fields of a stored token. */
  saveRevocation(token: RefreshToken): Promise<void>;
  /** Revokes every still-unrevoked token of a family; answers how many it revoked. */
  revokeFamily(familyId: string, at: Date, byIp: string, reason: RevokedReason): Promise<number>;
  /** Revokes every still-unrevoked token of a user; answers the families it touched. */
  revokeAllOfUser(userId: string, at: Date, byIp: string, reason: RevokedReason): Promise<string[]>;
  /**
   * Families with a token revoked at or after `since` for any reason but rotation (reuse
   * detected, revoked by its owner, an admin or the operator): sessions that ended early.
   * Each family once, in no particular order; empty when there is none.
   */
  revokedFamiliesSince(since: Date): Promise<string[]>;
  /** Deletes tokens that expired before `before`; answers how many. */
  purgeExpired(before: Date): Promise<number>;
}
