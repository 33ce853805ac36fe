/**
 * Sessions (refresh-token families) that ended early: by reuse detection or a revocation,
 * never by rotation, which keeps a session alive. Access tokens carry their session id, so
 * asking here lets a request be refused before its access token expires.
 */
export interface RevokedSessions {
  /**
   * True when the session was revoked; an adapter may answer false for up to its stated lag
   * after the revocation was stored. False for any id it never saw revoked. Throws only when
   * the store fails.
   */
  isRevoked(sessionId: string): Promise<boolean>;
}
