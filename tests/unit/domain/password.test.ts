import { expect } from 'chai';
import { isRight } from 'fp-ts/Either';
import { Password } from '../../../src/domain/password';
import { leftOf, rightOf } from '../../support/either-assertions';

describe('Password', () => {
  it('accepts 8 characters and refuses 7', () => {
    expect(rightOf(Password.parse('12345678')).value).to.equal('12345678');
    expect(leftOf(Password.parse('1234567'))).to.deep.equal({ _tag: 'InvalidPassword', problems: ['password must be at least 8 characters'] });
  });

  it('counts characters as a person does: four emoji are four characters, not eight UTF-16 units', () => {
    expect(isRight(Password.parse('😀😀😀😀'))).to.equal(false);
    expect(isRight(Password.parse('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧'))).to.equal(false);
    expect(isRight(Password.parse('😀😀😀😀😀😀😀😀'))).to.equal(true);
  });

  it('refuses more than 72 bytes, counting bytes rather than characters', () => {
    expect(isRight(Password.parse('é'.repeat(36)))).to.equal(true);
    expect(leftOf(Password.parse('é'.repeat(37)))).to.deep.equal({ _tag: 'InvalidPassword', problems: ['password must be at most 72 bytes'] });
  });

  it('could have been set only within 72 bytes', () => {
    expect(Password.couldHaveBeenSet('a'.repeat(72))).to.equal(true);
    expect(Password.couldHaveBeenSet('a'.repeat(73))).to.equal(false);
  });
});
