/** How many failed logins are tolerated, and over how long. */
export type LoginThrottlePolicy = Readonly<{
  /** Failures for one username, from any address, before its logins are refused. */
  maxFailuresPerUsername: number;
  /** Failures from one address, for any usernames, before its logins are refused. */
  maxFailuresPerIp: number;
  /** The sliding window failures are counted over. */
  windowSeconds: number;
}>;

/** Who is trying to log in, and from where. Usernames count by their usernameKey: `TEST` and `test` are one. */
export type LoginSource = Readonly<{ username: string; ip: string }>;

/** One attempt, counted against its username and its address until it is settled otherwise. */
export type Reservation = Readonly<{ source: LoginSource; id: string }>;

export type ThrottleVerdict =
  | Readonly<{ throttled: false; reservation: Reservation }>
  | Readonly<{ throttled: true; retryAfterSeconds: number }>;

/**
 * Login attempts counted per username and per address over a sliding window of the policy the
 * adapter was built with. An attempt is counted before its password is checked (`reserve`),
 * so however many arrive at once, at most the limit of them get to the password check in a
 * window; a failed attempt simply stays counted. Time is only ever the `now` handed in (never
 * the adapter's own clock); stored counts expire on their own once the window has passed.
 * Every method throws only when the store fails — whether to carry on without throttling is
 * the caller's decision.
 */
export interface LoginThrottle {
  /**
   * Atomically, across every caller of the same store: when the username's counted attempts
   * within the window ending at `now` are fewer than `maxFailuresPerUsername` and the
   * address's fewer than `maxFailuresPerIp`, counts this attempt, at `now`, against both and
   * answers its reservation. Otherwise counts nothing and answers throttled, with
   * `retryAfterSeconds` (a whole number, at least 1) until enough counted attempts have left
   * the window for one to pass — the longer of the two when both are over.
   */
  reserve(source: LoginSource, now: Date): Promise<ThrottleVerdict>;
  /**
   * The attempt logged in: forgets every counted attempt of the username, and this attempt
   * from the address's count (the address's earlier failures stay counted).
   */
  succeeded(reservation: Reservation): Promise<void>;
  /** The password was never checked (the service was busy): the attempt is removed from both counts. */
  release(reservation: Reservation): Promise<void>;
}
