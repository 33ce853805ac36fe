import type { Role } from '../../domain/role';
import type { SigningAlgorithm } from '../../domain/signing-key';

export type LoginFailure = 'unknown-user' | 'wrong-password' | 'password-too-long';

/**
 * The audit trail: one call, one event, written on its own. Methods return at once and never
 * throw (an audit sink that fails must not fail a login). They are handed ids, usernames and
 * addresses only — never a password, a hash, a token or a cookie.
 */
export interface SecurityEvents {
  loginSucceeded(event: Readonly<{ userId: string; familyId: string; ip: string }>): void;
  loginFailed(event: Readonly<{ username: string; ip: string; reason: LoginFailure }>): void;
  /** A login refused without checking the password. */
  loginThrottled(event: Readonly<{ username: string; ip: string; retryAfterSeconds: number }>): void;
  /** The throttle's store failed: this login went ahead unthrottled. */
  throttleUnavailable(event: Readonly<{ error: unknown }>): void;
  /** A refresh token was traded for its successor `tokenId`. */
  tokenRotated(event: Readonly<{ userId: string; familyId: string; tokenId: string; ip: string }>): void;
  /** A rotated token came back inside the grace window: answered with the same successor, nothing revoked. */
  replayAnswered(event: Readonly<{ userId: string; familyId: string; ip: string }>): void;
  /** A refresh refused without a reuse detection: unknown or expired token, deleted user, session at its end. */
  refreshRefused(event: Readonly<{ ip: string }>): void;
  /** A retired or revoked token came back: its whole family was revoked. */
  reuseDetected(event: Readonly<{ userId: string; familyId: string; ip: string; revokedTokens: number }>): void;
  tokenRevoked(event: Readonly<{ userId: string; familyId: string; tokenId: string; byUserId: string; ip: string }>): void;
  /** One session ended by its owner or an admin (DELETE /users/{id}/sessions/{sessionId}); `by` as for userCreated. */
  sessionEnded(event: Readonly<{ userId: string; familyId: string; by: string; ip: string }>): void;
  /** Sessions of a user ended at once: all of them, or all but the caller's; `by` as for userCreated. */
  sessionsRevoked(event: Readonly<{ userId: string; sessions: number; by: string; ip: string }>): void;
  /** A user's password was replaced; `by` as for userCreated. */
  passwordChanged(event: Readonly<{ userId: string; by: string }>): void;
  /** `by` is the admin's user id, or 'operator' for the command line. */
  userCreated(event: Readonly<{ userId: string; username: string; role: Role; by: string }>): void;
  /** A signing key was stored: by the rotation schedule ('schedule') or the operator ('operator'). */
  signingKeyCreated(event: Readonly<{ kid: string; generation: number; algorithm: SigningAlgorithm; signsFrom: Date; by: string }>): void;
  /** The operator rotated the keys: `kid` signs from `signsFrom` (at once when `immediately`). */
  signingKeysRotated(event: Readonly<{ kid: string; signsFrom: Date; immediately: boolean; by: string }>): void;
  /** A key was taken out of service: tokens it signed are refused from now on. */
  signingKeyRetired(event: Readonly<{ kid: string; by: string }>): void;
}
