import { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher';
import { WorkerPasswordHasher } from '../../src/adapters/security/worker-password-hasher';
import { describePasswordHasherContract } from './password-hasher-contract';

describePasswordHasherContract('BcryptPasswordHasher', () => new BcryptPasswordHasher(4));
describePasswordHasherContract(
  'WorkerPasswordHasher',
  () => new WorkerPasswordHasher(4, { threads: 2 }),
  (hasher) => (hasher as WorkerPasswordHasher).close(),
);
