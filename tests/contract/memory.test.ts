import { nothingToClean } from './contract-factory';
import { InMemoryRefreshTokenRepository } from '../../src/adapters/persistence/memory/in-memory-refresh-token-repository';
import { InMemoryUserRepository } from '../../src/adapters/persistence/memory/in-memory-user-repository';
import { describeRefreshTokenRepositoryContract } from './refresh-token-repository-contract';
import { describeUserRepositoryContract } from './user-repository-contract';


describeUserRepositoryContract('InMemoryUserRepository', async () => ({
  subject: new InMemoryUserRepository(),
  cleanup: nothingToClean,
}));

describeRefreshTokenRepositoryContract('InMemoryRefreshTokenRepository', async () => ({
  subject: new InMemoryRefreshTokenRepository(),
  cleanup: nothingToClean,
}));
