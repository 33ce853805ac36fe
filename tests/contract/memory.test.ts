import { nothingToClean } from './contract-factory';
import { InMemoryRefreshTokenRepository } from '../../src/adapters/persistence/memory/in-memory-refresh-token-repository';
import { InMemoryUserRepository } from '../../src/adapters/persistence/memory/in-memory-user-repository';
import { InMemorySigningKeys } from '../../src/adapters/persistence/memory/in-memory-signing-keys';
import { describeRefreshTokenRepositoryContract } from './refresh-token-repository-contract';
import { describeSigningKeysContract } from './signing-keys-contract';
import { describeUserRepositoryContract } from './user-repository-contract';


describeUserRepositoryContract('InMemoryUserRepository', async () => ({
  subject: new InMemoryUserRepository(),
  cleanup: nothingToClean,
}));

describeRefreshTokenRepositoryContract('InMemoryRefreshTokenRepository', async () => ({
  subject: new InMemoryRefreshTokenRepository(),
  cleanup: nothingToClean,
}));

describeSigningKeysContract('InMemorySigningKeys', async () => ({
  subject: new InMemorySigningKeys(),
  cleanup: nothingToClean,
}));
