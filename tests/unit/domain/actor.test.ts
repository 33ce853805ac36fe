import { expect } from 'chai';
import { Actor } from '../../../src/domain/actor';
import { Role } from '../../../src/domain/role';
import { User } from '../../../src/domain/user';
import { rightOf } from '../../support/either-assertions';

const aUser = (role: Role): User =>
  rightOf(User.create({ id: 'u-1', firstName: 'Ada', lastName: 'Lovelace', username: 'ada', role, passwordHash: 'hash' }));

describe('Actor', () => {
  describe('mayActOn', () => {
    it('lets an admin act on anyone', () => {
      const admin = Actor.user(aUser(Role.Admin));
      expect(admin.mayActOn('u-1')).to.equal(true);
      expect(admin.mayActOn('someone-else')).to.equal(true);
    });

    it('lets a user act on themself only', () => {
      const user = Actor.user(aUser(Role.User));
      expect(user.mayActOn('u-1')).to.equal(true);
      expect(user.mayActOn('someone-else')).to.equal(false);
    });

    it('lets the operator act on anyone', () => {
      expect(Actor.operator.mayActOn('someone-else')).to.equal(true);
    });
  });

  it('may manage users: admins and the operator, not a regular user', () => {
    expect(Actor.user(aUser(Role.Admin)).mayManageUsers).to.equal(true);
    expect(Actor.operator.mayManageUsers).to.equal(true);
    expect(Actor.user(aUser(Role.User)).mayManageUsers).to.equal(false);
  });

  it('acts on an account named by username: its own, or any when it may manage users', () => {
    expect(Actor.user(aUser(Role.User)).mayActOnUsername('ada')).to.equal(true);
    expect(Actor.user(aUser(Role.User)).mayActOnUsername('ADA'), 'usernames match regardless of case').to.equal(true);
    expect(Actor.user(aUser(Role.User)).mayActOnUsername('bob')).to.equal(false);
    expect(Actor.user(aUser(Role.Admin)).mayActOnUsername('bob')).to.equal(true);
  });

  it("is audited as the user's id, or 'operator'", () => {
    expect(Actor.user(aUser(Role.User)).auditId).to.equal('u-1');
    expect(Actor.operator.auditId).to.equal('operator');
    expect(Actor.operator.user).to.equal(null);
  });
});
