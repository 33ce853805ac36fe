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
  /** Owns `seededTokens` refresh tokens, stored through the repository port. */
  manyTokensUser: Credentials;
  seededTokens: number;
  /** RSS once started and seeded, before any load. */
  baselineRssBytes: number;
}>;

/**
 * Since the previous `peak` request (both restart from now): the highest RSS sampled, and the
 * longest the event loop was late (a stall in the API, as opposed to noise outside it).
 */
export type Peak = Readonly<{ type: 'peak'; peakRssBytes: number; loopDelayMaxMs: number }>;

/**
 * Answers `drain` once no request is in flight (a load generator stops without waiting for its
 * last answers) and, if asked, once the API's heap has been fully collected.
 */
export type Drained = Readonly<{ type: 'drained' }>;

/** Access tokens for the bench user, each signed anew (each string distinct with ES256 and RS256). */
export type Minted = Readonly<{ type: 'minted'; tokens: readonly string[] }>;

export type ChildMessage = Ready | Peak | Drained | Minted | Readonly<{ type: 'failed'; message: string }>;
export type ParentMessage =
  | Readonly<{ type: 'peak' }>
  | Readonly<{ type: 'drain'; collectGarbage: boolean }>
  | Readonly<{ type: 'mint'; count: number }>
  | Readonly<{ type: 'stop' }>;
