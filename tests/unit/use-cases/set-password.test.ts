import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { SetPassword, type SetPasswordInput } from '../../../src/application/use-cases/set-password';
import { Role } from '../../../src/domain/role';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, PASSWORD, type UseCases } from '../../support/use-case-fixture';

describe('SetPassword', () => {
  let f: UseCases;
  let setPassword: SetPassword;

  const input = (changes: Partial<SetPasswordInput> = {}): SetPasswordInput => ({
    actor: Actor.operator,
    username: 'ada',
    password: 'a brand new password',
    ...changes,
  });

  beforeEach(async () => {
    f = buildUseCases();
    setPassword = new SetPassword(f.users, f.hasher, f.events);
    await f.addUser('ada');
  });

  it('lets the operator replace a password: the new one logs in, the old one no longer does', async () => {
    const user = rightOf(await setPassword.execute(input()));
    expect(user.username).to.equal('ada');
    rightOf(await f.authenticate.execute({ username: 'ada', password: 'a brand new password', ip: '10.0.0.1' }));
    expect(leftOf(await f.authenticate.execute({ username: 'ada', password: PASSWORD, ip: '10.0.0.1' }))).to.deep.equal({
      _tag: 'InvalidCredentials',
    });
    const stored = await f.users.findByUsername('ada');
    expect(stored?.passwordHash).to.not.include('a brand new password');
    expect(stored?.firstName, 'nothing else changes').to.equal('Test');
    const audit = f.events.recorded.filter((entry) => entry.type === 'passwordChanged');
    expect(audit.map((entry) => entry.event)).to.deep.equal([{ userId: user.id, by: 'operator' }]);
  });

  it('lets an admin replace a password, but not a regular user (not even their own: that needs the current one)', async () => {
    const admin = await f.addUser('root', Role.Admin);
    rightOf(await setPassword.execute(input({ actor: Actor.user(admin) })));
    const ada = await f.users.findByUsername('ada');
    expect(leftOf(await setPassword.execute(input({ actor: Actor.user(ada ?? expect.fail('ada is stored')) })))).to.deep.equal({
      _tag: 'Forbidden',
    });
  });

  it('applies the rules of a new password, and keeps the old one when refused', async () => {
    expect(leftOf(await setPassword.execute(input({ password: 'short' })))).to.deep.equal({
      _tag: 'InvalidPassword',
      problems: ['password must be at least 8 characters'],
    });
    expect(leftOf(await setPassword.execute(input({ password: 'é'.repeat(40) })))).to.deep.equal({
      _tag: 'InvalidPassword',
      problems: ['password must be at most 72 bytes'],
    });
    await f.login('ada');
  });

  it('answers UserNotFound for an unknown username, and for a user deleted meanwhile', async () => {
    expect(leftOf(await setPassword.execute(input({ username: 'nobody' })))).to.deep.equal({ _tag: 'UserNotFound' });
    const ada = await f.users.findByUsername('ada');
    f.users.remove(ada?.id ?? '');
    expect(leftOf(await setPassword.execute(input()))).to.deep.equal({ _tag: 'UserNotFound' });
  });

  it('leaves open sessions open: ending them is RevokeSessions', async () => {
    const session = await f.login('ada');
    rightOf(await setPassword.execute(input()));
    expect((await f.stored(session.refreshToken.value)).isActive(f.clock.now())).to.equal(true);
  });
});
