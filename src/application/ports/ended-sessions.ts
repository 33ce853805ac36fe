/** Where the revoked-sessions cache learns which sessions ended early. */
export interface EndedSessions {
  /**
   * Sessions (token families) ended at or after `since` for any reason but rotation (reuse
   * detected, revoked by their owner, an admin or the operator). Each once, in no particular
   * order; empty when there is none. Throws only when the store fails.
   */
  endedSince(since: Date): Promise<string[]>;
}
