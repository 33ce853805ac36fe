import type { RefreshTokenRepository } from '../application/ports/refresh-token-repository';
import type { UserRepository } from '../application/ports/user-repository';
import { InMemoryRefreshTokenRepository } from '../adapters/persistence/memory/in-memory-refresh-token-repository';
import { InMemoryUserRepository } from '../adapters/persistence/memory/in-memory-user-repository';

/** The persistence the service runs on, whichever adapter provides it. */
export type Stores = Readonly<{
  users: UserRepository;
  tokens: RefreshTokenRepository;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}>;

export const memoryStores = (): Stores => ({
  users: new InMemoryUserRepository(),
  tokens: new InMemoryRefreshTokenRepository(),
  isReady: async () => true,
  close: async () => undefined,
});
