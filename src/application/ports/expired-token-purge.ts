/** Housekeeping: refresh tokens are kept a while after they expire (replay, audit), then deleted. */
export interface ExpiredTokenPurge {
  /** Deletes tokens that expired before `before`; answers how many. Throws only when the store fails. */
  purgeExpired(before: Date): Promise<number>;
}
