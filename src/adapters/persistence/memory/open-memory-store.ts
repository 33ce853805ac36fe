import { PeriodicPurge, type PeriodicPurgeOptions } from '../periodic-purge';
import { InMemoryRefreshTokenRepository } from './in-memory-refresh-token-repository';
import { InMemorySigningKeys } from './in-memory-signing-keys';
import { InMemoryUserRepository } from './in-memory-user-repository';

export type MemoryStore = Readonly<{
  users: InMemoryUserRepository;
  tokens: InMemoryRefreshTokenRepository;
  signingKeys: InMemorySigningKeys;
  /** Stops the purge timer. */
  close(): Promise<void>;
}>;

/**
 * The embedded store: everything in process memory, gone at exit. Tokens past their retention
 * are deleted hourly (or as `purge` says), as MongoDB's purge does.
 */
export const openMemoryStore = (purge: PeriodicPurgeOptions): MemoryStore => {
  const tokens = new InMemoryRefreshTokenRepository();
  const timer = new PeriodicPurge(tokens, purge);
  timer.start();
  return { users: new InMemoryUserRepository(), tokens, signingKeys: new InMemorySigningKeys(), close: async () => timer.stop() };
};
