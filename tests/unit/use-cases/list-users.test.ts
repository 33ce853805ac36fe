import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { Role } from '../../../src/domain/role';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases } from '../../support/use-case-fixture';

describe('ListUsers', () => {
  it('lists every user, by username, to an admin', async () => {
    const f = buildUseCases();
    await f.addUser('zoe');
    const admin = await f.addUser('root', Role.Admin);
    await f.addUser('ada');
    const users = rightOf(await f.listUsers.execute({ actor: Actor.user(admin) }));
    expect(users.map((user) => user.username)).to.deep.equal(['ada', 'root', 'zoe']);
  });

  it('lists every user to the operator at the command line', async () => {
    const f = buildUseCases();
    await f.addUser('ada');
    const users = rightOf(await f.listUsers.execute({ actor: Actor.operator }));
    expect(users.map((user) => user.username)).to.deep.equal(['ada']);
  });

  it('forbids anyone else', async () => {
    const f = buildUseCases();
    const ada = await f.addUser('ada');
    expect(leftOf(await f.listUsers.execute({ actor: Actor.user(ada) }))).to.deep.equal({ _tag: 'Forbidden' });
  });
});
