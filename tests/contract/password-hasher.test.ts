import { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher';
import { WorkerPasswordHasher } from '../../src/adapters/security/worker-password-hasher';
import { nothingToClean } from './contract-factory';
import { describePasswordHasherContract } from './password-hasher-contract';

describePasswordHasherContract('BcryptPasswordHasher', async () => ({ subject: new BcryptPasswordHasher(4), cleanup: nothingToClean }));
describePasswordHasherContract('WorkerPasswordHasher', async () => {
  const hasher = new WorkerPasswordHasher(4, { threads: 2 });
  return { subject: hasher, cleanup: () => hasher.close() };
});
