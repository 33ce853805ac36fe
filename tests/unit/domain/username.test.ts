import { expect } from 'chai';
import { usernameKey } from '../../../src/domain/username';

describe('usernameKey', () => {
  it('is the same for usernames that differ only in case or in compatibility form', () => {
    for (const spelling of ['test', 'TEST', 'Test', 'ｔｅｓｔ', 'ＴＥＳＴ']) expect(usernameKey(spelling), spelling).to.equal('test');
  });

  it('keeps apart usernames that differ otherwise', () => {
    expect(usernameKey('test1')).to.not.equal(usernameKey('test'));
    expect(usernameKey('ada.l')).to.not.equal(usernameKey('ada_l'));
  });
});
