/** How long refresh tokens live. All durations in seconds. */
export type SessionPolicy = Readonly<{
  /** Each token, from its creation (sliding: every rotation starts a new one). */
  tokenTtlSeconds: number;
  /** After a rotation, the old token still yields the same successor for this long (tabs refreshing at once). */
  reuseGraceSeconds: number;
  /** No token of a session outlives the login that started it by more than this. */
  maxLifetimeSeconds: number;
  /**
   * Tokens a session keeps (its current one and the last rotated ones): reuse detection
   * recognises this many; an older token presented later is simply unknown.
   */
  rotationHistory: number;
  /** Sessions a user keeps, live or ended: a login beyond it ends the oldest and forgets their tokens. */
  maxSessionsPerUser: number;
}>;

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);
