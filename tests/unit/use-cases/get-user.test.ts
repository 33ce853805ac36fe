import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { Role } from '../../../src/domain/role';
import type { User } from '../../../src/domain/user';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, type UseCases } from '../../support/use-case-fixture';

describe('GetUser', () => {
  let f: UseCases;
  let ada: User;
  let bob: User;
  let admin: User;

  beforeEach(async () => {
    f = buildUseCases();
    ada = await f.addUser('ada');
    bob = await f.addUser('bob');
    admin = await f.addUser('root', Role.Admin);
  });

  it('answers a user themself', async () => {
    expect(rightOf(await f.getUser.execute({ actor: Actor.user(ada), id: ada.id })).username).to.equal('ada');
  });

  it('answers anyone to an admin', async () => {
    expect(rightOf(await f.getUser.execute({ actor: Actor.user(admin), id: bob.id })).username).to.equal('bob');
  });

  it('answers UserNotFound to an admin for an unknown id', async () => {
    expect(leftOf(await f.getUser.execute({ actor: Actor.user(admin), id: 'no-such-user' }))).to.deep.equal({ _tag: 'UserNotFound' });
  });

  it('forbids a user to see another, whether that one exists or not', async () => {
    expect(leftOf(await f.getUser.execute({ actor: Actor.user(ada), id: bob.id }))).to.deep.equal({ _tag: 'Forbidden' });
    expect(leftOf(await f.getUser.execute({ actor: Actor.user(ada), id: 'no-such-user' }))).to.deep.equal({ _tag: 'Forbidden' });
  });
});
