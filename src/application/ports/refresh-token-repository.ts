import type { RefreshToken } from '../../domain/refresh-token';
import type { SessionEnding } from '../../domain/session-ending';

/** A page of a listing: at most `limit` items after the position `after` (a cursor the store made). */
export type PageRequest = Readonly<{ limit: number; after?: string }>;
export type Page<T> = Readonly<{ items: T[]; next?: string }>;
/** What a refresh needs to know before it writes: see RefreshTokenRepository.findPresented. */
export type PresentedTokens = Readonly<{ token: RefreshToken | null; successor: RefreshToken | null; sessionEnded: boolean }>;
export type EndSessionResult = Readonly<{ ended: boolean; revokedTokens: number }>;

/**
 * Stored refresh tokens and the facts of ended sessions, as the use cases need them. Lookups
 * answer null for "not found"; only store failures throw (StoreUnavailable while the store
 * cannot be reached). Each method is atomic on its own, `rotate` included: it is a rotation's one
 * write and its commit point (see RefreshSession). Housekeeping has its own ports (EndedSessions,
 * ExpiredTokenPurge).
 */
export interface RefreshTokenRepository {
  add(token: RefreshToken): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshToken | null>;
  /**
   * A presented token, the successor it would rotate into if stored (each null when not stored),
   * and whether the token's session has ended: what a refresh needs to tell a rotation from a
   * replay and to refuse an ended session. `sessionId` is the session the secret names
   * (TokenGenerator.sessionOf), which lets a store answer all three in one lookup; with null, or
   * when the token found is of another session, it looks the ending up apart.
   */
  findPresented(tokenHash: string, successorHash: string, sessionId: string | null): Promise<PresentedTokens>;
  findById(id: string): Promise<RefreshToken | null>;
  /** A user's tokens, oldest first, a page at a time; an unknown or stale cursor starts after nothing it matches. */
  listByUser(userId: string, page: PageRequest): Promise<Page<RefreshToken>>;
  /** Every stored token of a user (bounded by design: sessions per user × tokens kept per session). */
  allOfUser(userId: string): Promise<RefreshToken[]>;
  /**
   * A user's tokens that are not revoked (a rotated token is revoked), in any order, of sessions
   * that have not ended: the current token of each live session (two for a session whose rotation
   * was cut off between storing the successor and marking the predecessor), expired ones included
   * until purged. How often a session rotated does not change
   * what this reads: the store answers it from an index on the user and the revocation.
   */
  unrevokedOfUser(userId: string): Promise<RefreshToken[]>;
  /**
   * A rotation, in one write: stores `successor` unless a token with its hash is stored already
   * (the same rotation, by another caller or an earlier try: a successor's id derives from its
   * hash), and saves `rotated` (the predecessor marked rotated into it) unless the stored
   * predecessor was revoked meanwhile. However many callers race, one successor is stored.
   * 'committed' when this call or an earlier one marked the predecessor rotated into this
   * successor; 'revoked' when it was revoked for another reason (then a successor this call
   * stored is revoked as well).
   */
  rotate(rotated: RefreshToken, successor: RefreshToken): Promise<'committed' | 'revoked'>;
  /** Deletes the tokens of a session older than `generation` rotations (the session keeps a bounded history). */
  forgetRotations(sessionId: string, generation: number): Promise<number>;
  /**
   * Records that a session ended (unique per session: the first ending wins and is never
   * overwritten), then marks it ended where findPresented looks and revokes its still-unrevoked
   * tokens; a second call completes what a first one cut off did not. `ended`: this call ended
   * it; `revokedTokens`: how many tokens it revoked.
   */
  endSession(ending: SessionEnding): Promise<EndSessionResult>;
  /** How a session ended (who ended it, when, why); null while it has not. */
  endingOf(sessionId: string): Promise<SessionEnding | null>;
  /** Deletes every token of these sessions (ended ones the user no longer needs to see). */
  deleteSessions(sessionIds: readonly string[]): Promise<number>;
}
