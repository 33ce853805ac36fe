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

export type ThrottleVerdict =
  | Readonly<{ throttled: false }>
  | Readonly<{ throttled: true; retryAfterSeconds: number }>;

/**
 * Failed logins counted per username and per address over a sliding window of the policy the
 * adapter was built with. Time is only ever the `now` handed in (never the adapter's own
 * clock); stored counts expire on their own once the window has passed. Every method throws
 * only when the store fails — whether to carry on without throttling is the caller's decision.
 *
 * `check` and `recordFailure` are separate steps: attempts that pass `check` together are all
 * let through, so concurrent attempts may overshoot a limit by the number in flight.
 */
export interface LoginThrottle {
  /**
   * Throttled when the username's failures within the window ending at `now` have reached
   * `maxFailuresPerUsername`, or the address's have reached `maxFailuresPerIp`. Then
   * `retryAfterSeconds` (a whole number, at least 1) is how long until enough of those failures
   * have left the window for an attempt to pass — the longer of the two when both are over.
   * Reads only: a refused attempt is not counted.
   */
  check(source: LoginSource, now: Date): Promise<ThrottleVerdict>;
  /** Counts one failure, at `now`, against both the username and the address. */
  recordFailure(source: LoginSource, now: Date): Promise<void>;
  /** Forgets every failure of the username (after a successful login); the address's count is kept. */
  clearUsername(username: string): Promise<void>;
}
