import { expect } from 'chai';
import { BcryptPasswordHasher } from '../../../../src/adapters/security/bcrypt-password-hasher';

describe('BcryptPasswordHasher', () => {
  const hasher = new BcryptPasswordHasher(4);

  it('verifies a password against its own salted hash only', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).to.match(/^\$2[aby]\$04\$/);
    expect(hash).to.not.equal(await hasher.hash('correct horse'));
    expect(await hasher.verify('correct horse', hash)).to.equal(true);
    expect(await hasher.verify('wrong horse', hash)).to.equal(false);
  });

  it('answers false without a hash, even for the password of its dummy hash', async () => {
    expect(await hasher.verify('anything', null)).to.equal(false);
    expect(await hasher.verify('no user has this password', null)).to.equal(false);
  });
});
