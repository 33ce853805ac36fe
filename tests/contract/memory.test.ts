import { InMemoryRefreshTokenRepository } from '../../src/adapters/persistence/memory/in-memory-refresh-token-repository';
import { InMemoryUserRepository } from '../../src/adapters/persistence/memory/in-memory-user-repository';
import { describeRefreshTokenRepositoryContract } from './refresh-token-repository-contract';
import { describeUserRepositoryContract } from './user-repository-contract';

const nothingToClean = async (): Promise<void> => {};

describeUserRepositoryContract('InMemoryUserRepository', async () => ({
  repo: new InMemoryUserRepository(),
  cleanup: nothingToClean,
}));

describeRefreshTokenRepositoryContract('InMemoryRefreshTokenRepository', async () => ({
  repo: new InMemoryRefreshTokenRepository(),
  cleanup: nothingToClean,
}));
