import { expect } from 'chai';
import type { PasswordHasher } from '../../src/application/ports/password-hasher';

/** What every PasswordHasher must do; `make` builds one at bcrypt cost 4 (fast), `close` releases it. */
export const describePasswordHasherContract = (
  name: string,
  make: () => PasswordHasher,
  close: (hasher: PasswordHasher) => Promise<void> = async () => undefined,
): void => {
  describe(`PasswordHasher contract: ${name}`, function () {
    this.timeout(30_000);
    let hasher: PasswordHasher;
    beforeEach(() => {
      hasher = make();
    });
    afterEach(() => close(hasher));

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
