import type { RevokedReason } from './refresh-token';
import { addSeconds, type SessionPolicy } from './session-policy';

/** Why a session ended before its tokens expired. */
export type EndReason = 'revoked' | 'reuse-detected' | 'session-limit';

/**
 * The fact that a session (a token family) ended: written once, never changed. It, not the
 * revocation fields of the tokens, decides that no token of the session refreshes again.
 */
export type SessionEnding = Readonly<{
  sessionId: string;
  userId: string;
  at: Date;
  byIp: string;
  reason: EndReason;
  /** No token of the session can be presented after this (its maximum lifetime from `at`): the fact may go then. */
  keepUntil: Date;
}>;

export type EndingInput = Omit<SessionEnding, 'keepUntil'>;

export const sessionEnding = (input: EndingInput, policy: SessionPolicy): SessionEnding => ({
  ...input,
  keepUntil: addSeconds(input.at, policy.maxLifetimeSeconds),
});

/** The reason written on the tokens of an ended session (the listing shows it). */
export const tokenReasonOf = (reason: EndReason): RevokedReason => (reason === 'reuse-detected' ? 'reuse-detected' : 'revoked');
