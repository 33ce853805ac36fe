import type { RefreshToken } from '../../domain/refresh-token';
import type { SessionEnding } from '../../domain/session-ending';

/** A page of a listing: at most `limit` items after the position `after` (a cursor the store made). */
export type PageRequest = Readonly<{ limit: number; after?: string }>;
export type Page<T> = Readonly<{ items: T[]; next?: string }>;
export type PresentedTokens = Readonly<{ token: RefreshToken | null; successor: RefreshToken | null }>;
export type EndSessionResult = Readonly<{ ended: boolean; revokedTokens: number }>;

/**
 * Stored refresh tokens and the facts of ended sessions, as the use cases need them. Lookups
 * answer null for "not found"; only store failures throw (StoreUnavailable while the store
 * cannot be reached). Each method is atomic on its own; a rotation is a sequence of them whose
 * one commit point is `commitRotation` (see RefreshSession). Housekeeping has its own ports
 * (EndedSessions, ExpiredTokenPurge).
 */
export interface RefreshTokenRepository {
  add(token: RefreshToken): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshToken | null>;
  /**
   * A presented token and, if stored, the successor it would rotate into, in one lookup: what a
   * refresh needs to tell a rotation from a replay. Each is null when not stored.
   */
  findWithSuccessor(tokenHash: string, successorHash: string): Promise<PresentedTokens>;
  findById(id: string): Promise<RefreshToken | null>;
  /** A user's tokens, oldest first, a page at a time; an unknown or stale cursor starts after nothing it matches. */
  listByUser(userId: string, page: PageRequest): Promise<Page<RefreshToken>>;
  /** Every stored token of a user (bounded by design: sessions per user × tokens kept per session). */
  allOfUser(userId: string): Promise<RefreshToken[]>;
  /**
   * A user's tokens that are not revoked (a rotated token is revoked), in any order: the current
   * token of each session that has not ended (two for a session between a rotation's claim and its
   * commit), expired ones included until purged. How often a session rotated does not change
   * what this reads: the store answers it from an index on the user and the revocation.
   */
  unrevokedOfUser(userId: string): Promise<RefreshToken[]>;
  /**
   * Stores a successor unless a token with its hash is stored already: across all callers and
   * instances exactly one claim per hash answers 'claimed', every other 'taken' and changes nothing.
   */
  claimSuccessor(successor: RefreshToken): Promise<'claimed' | 'taken'>;
  /**
   * The commit point of a rotation: saves `rotated` (the predecessor marked rotated into its
   * successor) unless the stored predecessor was revoked meanwhile. 'committed' when this call or
   * an earlier one marked it rotated; 'revoked' when it was revoked for another reason.
   */
  commitRotation(rotated: RefreshToken): Promise<'committed' | 'revoked'>;
  /** Deletes the tokens of a session older than `generation` rotations (the session keeps a bounded history). */
  forgetRotations(sessionId: string, generation: number): Promise<number>;
  /**
   * Records that a session ended (an insert, unique per session: the first ending wins and is
   * never overwritten), then revokes its still-unrevoked tokens. `ended`: this call ended it;
   * `revokedTokens`: how many tokens it revoked.
   */
  endSession(ending: SessionEnding): Promise<EndSessionResult>;
  /** How a session ended; null while it has not. */
  endingOf(sessionId: string): Promise<SessionEnding | null>;
  /** Deletes every token of these sessions (ended ones the user no longer needs to see). */
  deleteSessions(sessionIds: readonly string[]): Promise<number>;
}
