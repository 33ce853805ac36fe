import { expect } from 'chai';
import type { PasswordHasher } from '../../src/application/ports/password-hasher';
import type { ContractFactory } from './contract-factory';

/** What every PasswordHasher must do; `make` builds one at bcrypt cost 4 (fast). */
export const describePasswordHasherContract = (name: string, make: ContractFactory<PasswordHasher>): void => {
  describe(`PasswordHasher contract: ${name}`, function () {
    this.timeout(30_000);
    let hasher: PasswordHasher;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ subject: hasher, cleanup } = await make());
    });
    afterEach(() => cleanup());

    it('verifies a password against its own salted hash only', async () => {
      const hash = await hasher.hash('correct horse');
      expect(hash).to.match(/^\$2[aby]\$04\$/);
      expect(hash).to.not.equal(await hasher.hash('correct horse'));
      expect(await hasher.verify('correct horse', hash)).to.deep.equal({ busy: false, matches: true });
      expect(await hasher.verify('wrong horse', hash)).to.deep.equal({ busy: false, matches: false });
    });

    it('answers false without a hash, even for the password of its dummy hash', async () => {
      expect(await hasher.verify('anything', null)).to.deep.equal({ busy: false, matches: false });
      expect(await hasher.verify('no user has this password', null)).to.deep.equal({ busy: false, matches: false });
    });
  });
};
