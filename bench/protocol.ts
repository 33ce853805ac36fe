/** Messages between the bench (parent) and the API process it starts (child), over the IPC channel. */

export type Credentials = Readonly<{ id: string; username: string; password: string }>;

export type Ready = Readonly<{
  type: 'ready';
  apiUrl: string;
  ceilingUrl: string;
  store: 'memory' | 'mongodb';
  /** ACCESS_TOKEN_ALGORITHM of this API process. */
  algorithm: string;
  bcryptCost: number;
  hasher: string;
  hasherThreads: number;
  /** Signs in for every scenario but verify-many-tokens. */
  user: Credentials;
  /** Gets `seededTokens` refresh tokens on `seed`, stored through the repository port. */
  manyTokensUser: Credentials;
  /**
   * Signs in for the login scenario and the login floods: each login past the session limit
   * (MAX_SESSIONS_PER_USER) ends that user's oldest session, which would end `user`'s own.
   */
  floodUser: Credentials;
  seededTokens: number;
  /** RSS once started, before any load. */
  baselineRssBytes: number;
  /** Nice value of the hashing threads (0: normal priority). */
  hasherNiceness: number;
}>;

/**
 * Since the previous `peak` request (all restart from now): the highest RSS sampled, the
 * longest the event loop was late (a stall in the API, as opposed to noise outside it), the
 * requests the API finished, how long it took over them by its own clock (arrival to answer),
 * and the database commands the driver sent, by name (none on the embedded store).
 */
export type Peak = Readonly<{
  type: 'peak';
  peakRssBytes: number;
  loopDelayMaxMs: number;
  requests: number;
  /** By "METHOD /url" (the bench uses a handful): how many, and the API's own p50 and p99 (ms). */
  served: Record<string, Readonly<{ count: number; p50Ms: number; p99Ms: number }>>;
  commands: Record<string, number>;
}>;

/**
 * Answers `drain` once no request is in flight (a load generator stops without waiting for its
 * last answers) and, if asked, once the API's heap has been fully collected.
 */
export type Drained = Readonly<{ type: 'drained' }>;

/** Access tokens for the bench user, each signed anew (each string distinct with ES256 and RS256). */
export type Minted = Readonly<{ type: 'minted'; tokens: readonly string[] }>;

/**
 * Answers `seed`: `tokens` refresh tokens stored for the many-tokens user, straight through the
 * repository port (after the bench signed that user in: a login beyond the session limit would
 * end the oldest sessions, and so remove them), and the heap each one keeps: the heap after a
 * full collection with them and before them, over their count. Null on a database, where the
 * tokens live outside the process.
 */
export type Seeded = Readonly<{ type: 'seeded'; tokens: number; seconds: number; bytesPerStoredToken: number | null }>;

export type ChildMessage = Ready | Peak | Drained | Seeded | Minted | Readonly<{ type: 'failed'; message: string }>;
export type ParentMessage =
  | Readonly<{ type: 'peak' }>
  | Readonly<{ type: 'seed' }>
  | Readonly<{ type: 'drain'; collectGarbage: boolean }>
  | Readonly<{ type: 'mint'; count: number }>
  | Readonly<{ type: 'stop' }>;
