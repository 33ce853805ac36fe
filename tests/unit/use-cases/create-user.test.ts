import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { Role } from '../../../src/domain/role';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, type UseCases } from '../../support/use-case-fixture';
import type { CreateUserInput } from '../../../src/application/use-cases/create-user';

describe('CreateUser', () => {
  let f: UseCases;

  const input = (changes: Partial<CreateUserInput> = {}): CreateUserInput => ({
    actor: Actor.operator,
    firstName: ' Grace ',
    lastName: 'Hopper',
    username: 'grace',
    password: 'a good password',
    role: Role.User,
    ...changes,
  });
  const problemsOf = async (changes: Partial<CreateUserInput>) => {
    const error = leftOf(await f.createUser.execute(input(changes)));
    return error._tag === 'InvalidUser' || error._tag === 'InvalidPassword'
      ? error.problems
      : expect.fail(`expected InvalidUser or InvalidPassword, got ${error._tag}`);
  };

  beforeEach(() => {
    f = buildUseCases();
  });

  it('lets the operator add a user, stored with a hash that verifies the password', async () => {
    const user = rightOf(await f.createUser.execute(input()));
    const stored = await f.users.findByUsername('grace');
    expect(stored?.id).to.equal(user.id);
    expect(stored?.firstName).to.equal('Grace');
    expect(stored?.passwordHash).to.not.equal('a good password');
    expect(await f.hasher.verify('a good password', stored?.passwordHash ?? null)).to.deep.equal({ busy: false, matches: true });
    expect(await f.hasher.verify('another password', stored?.passwordHash ?? null)).to.deep.equal({ busy: false, matches: false });
  });

  it('lets an admin add a user', async () => {
    const admin = await f.addUser('root', Role.Admin);
    rightOf(await f.createUser.execute(input({ actor: Actor.user(admin), role: Role.Admin })));
    expect((await f.users.findByUsername('grace'))?.role).to.equal(Role.Admin);
  });

  it('forbids a non-admin, adding nobody', async () => {
    const ada = await f.addUser('ada');
    expect(leftOf(await f.createUser.execute(input({ actor: Actor.user(ada) })))).to.deep.equal({ _tag: 'Forbidden' });
    expect(await f.users.findByUsername('grace')).to.equal(null);
  });

  it('refuses a password under 8 characters, accepts 8', async () => {
    expect(await problemsOf({ password: '1234567' })).to.deep.equal(['password must be at least 8 characters']);
    rightOf(await f.createUser.execute(input({ password: '12345678' })));
  });

  it('refuses a password over 72 bytes, counting bytes rather than characters', async () => {
    expect(await problemsOf({ password: 'x'.repeat(73) })).to.deep.equal(['password must be at most 72 bytes']);
    // 37 characters, 74 bytes in UTF-8: bcrypt would silently ignore the end.
    expect(await problemsOf({ password: 'é'.repeat(37) })).to.deep.equal(['password must be at most 72 bytes']);
    rightOf(await f.createUser.execute(input({ password: 'x'.repeat(72) })));
  });

  it('refuses what the user entity refuses', async () => {
    expect(await problemsOf({ username: 'not valid' })).to.have.length(1);
    expect(await f.users.count()).to.equal(0);
  });

  it('refuses a username already taken, keeping the first user', async () => {
    const first = rightOf(await f.createUser.execute(input()));
    expect(leftOf(await f.createUser.execute(input({ firstName: 'Other' })))).to.deep.equal({ _tag: 'UsernameTaken', username: 'grace' });
    expect((await f.users.findByUsername('grace'))?.id).to.equal(first.id);
  });
});
