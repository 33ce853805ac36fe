/** Messages between the bench (parent) and the API process it starts (child), over the IPC channel. */

export type Credentials = Readonly<{ id: string; username: string; password: string }>;

export type Ready = Readonly<{
  type: 'ready';
  apiUrl: string;
  ceilingUrl: string;
  store: 'memory' | 'mongodb';
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

/** The highest RSS sampled since the previous `peak` request (the sampling restarts from now). */
export type Peak = Readonly<{ type: 'peak'; peakRssBytes: number }>;

export type ChildMessage = Ready | Peak | Readonly<{ type: 'failed'; message: string }>;
export type ParentMessage = Readonly<{ type: 'peak' }> | Readonly<{ type: 'stop' }>;
