import { expect } from 'chai';
import { Role } from '../../../src/domain/role';
import { User, type UserProps } from '../../../src/domain/user';
import { leftOf, rightOf } from '../../support/either-assertions';

const props = (changes: Partial<UserProps> = {}): UserProps => ({
  id: 'u-1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  username: 'ada',
  role: Role.User,
  passwordHash: '$2b$04$hash',
  ...changes,
});

const problemsOf = (changes: Partial<UserProps>): readonly string[] => {
  const error = leftOf(User.create(props(changes)));
  expect(error._tag).to.equal('InvalidUser');
  return error.problems;
};

describe('User', () => {
  describe('create', () => {
    it('accepts usernames of letters, digits and . _ @ -, up to 64 characters', () => {
      expect(rightOf(User.create(props({ username: 'a.b_c@d-1' }))).username).to.equal('a.b_c@d-1');
      expect(rightOf(User.create(props({ username: 'x'.repeat(64) }))).username).to.have.length(64);
    });

    for (const [why, username] of [
      ['empty', ''],
      ['longer than 64 characters', 'x'.repeat(65)],
      ['with a space', 'ada lovelace'],
      ['with surrounding blanks', ' ada '],
      ['with a non-ASCII letter', 'adà'],
      ['with a slash', 'ada/admin'],
    ] as const) {
      it(`rejects a username ${why}`, () => {
        expect(problemsOf({ username })).to.have.length(1).and.satisfy((p: string[]) => p[0]?.includes('username'));
      });
    }

    it('rejects blank first and last names, naming each', () => {
      expect(problemsOf({ firstName: '   ', lastName: '' })).to.deep.equal([
        'firstName must be 1-100 characters',
        'lastName must be 1-100 characters',
      ]);
    });

    it('rejects a name longer than 100 characters once trimmed, and accepts 100 with blanks around', () => {
      expect(problemsOf({ lastName: 'x'.repeat(101) })).to.deep.equal(['lastName must be 1-100 characters']);
      expect(rightOf(User.create(props({ lastName: ` ${'x'.repeat(100)} ` }))).lastName).to.have.length(100);
    });

    it('reports every problem at once', () => {
      expect(problemsOf({ username: 'no spaces', firstName: ' ', lastName: ' ' })).to.have.length(3);
    });

    it('trims first and last names', () => {
      const user = rightOf(User.create(props({ firstName: '  Ada ', lastName: '\tLovelace\n' })));
      expect(user.firstName).to.equal('Ada');
      expect(user.lastName).to.equal('Lovelace');
    });
  });

  describe('credential epochs', () => {
    const before = User.restore(props());

    it('admits every session before the first change, and only tokens without an epoch', () => {
      expect(before.admits('s-1', undefined)).to.equal(true);
      expect(before.admits('s-1', 'e-1')).to.equal(false);
    });

    it('after a change admits the new epoch, and the kept session whatever its epoch', () => {
      const changed = before.withPasswordHashIn('$2b$04$other', { id: 'e-1', keeps: 's-mine' });
      expect(changed.credentialEpoch).to.equal('e-1');
      expect(changed.admits('s-new', 'e-1')).to.equal(true);
      expect(changed.admits('s-mine', undefined)).to.equal(true);
      expect(changed.admits('s-other', undefined)).to.equal(false);
      expect(changed.admits('s-other', 'e-0')).to.equal(false);
    });

    it('keeps no session when an admin set the password, and the operator\'s reset changes no epoch', () => {
      const set = before.withPasswordHashIn('$2b$04$other', { id: 'e-1' });
      expect(set.admits('s-mine', undefined)).to.equal(false);
      const reset = set.withPasswordHash('$2b$04$third');
      expect(reset.credentialEpoch).to.equal('e-1');
      expect(reset.admits('s-any', 'e-1')).to.equal(true);
    });
  });
});
