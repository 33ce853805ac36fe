import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { Role } from '../../../src/domain/role';
import type { User } from '../../../src/domain/user';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, type UseCases } from '../../support/use-case-fixture';

describe('RevokeToken', () => {
  let f: UseCases;
  let ada: User;
  let bob: User;
  let admin: User;
  let adaSecret: string;

  const isActive = async (secret: string) => (await f.stored(secret)).isActive(f.clock.now());

  beforeEach(async () => {
    f = buildUseCases();
    ada = await f.addUser('ada');
    bob = await f.addUser('bob');
    admin = await f.addUser('root', Role.Admin);
    adaSecret = (await f.login('ada')).refreshToken.value;
  });

  it('lets the owner revoke a token by its secret', async () => {
    const result = await f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'secret', secret: adaSecret }, ip: '10.0.0.7' });
    rightOf(result);
    expect((await f.stored(adaSecret)).toProps()).to.include({ revokedReason: 'revoked', revokedByIp: '10.0.0.7' });
    expect(leftOf(await f.refreshSession.execute({ token: adaSecret, ip: '10.0.0.7' }))._tag).to.equal('InvalidToken');
  });

  it('lets the owner revoke a token by its id', async () => {
    const { id } = await f.stored(adaSecret);
    rightOf(await f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'id', id }, ip: '10.0.0.7' }));
    expect(await isActive(adaSecret)).to.equal(false);
  });

  it("lets an admin revoke someone else's token", async () => {
    const { id } = await f.stored(adaSecret);
    rightOf(await f.revokeToken.execute({ actor: Actor.user(admin), target: { by: 'id', id }, ip: '10.0.0.7' }));
    expect(await isActive(adaSecret)).to.equal(false);
  });

  it("forbids a user to revoke another's token, leaving it active", async () => {
    const { id } = await f.stored(adaSecret);
    expect(leftOf(await f.revokeToken.execute({ actor: Actor.user(bob), target: { by: 'id', id }, ip: '10.0.0.7' }))).to.deep.equal({ _tag: 'Forbidden' });
    expect(await isActive(adaSecret)).to.equal(true);
  });

  it('answers Forbidden to a user, InvalidToken to an admin, for an unknown token', async () => {
    const target = { by: 'id', id: 'no-such-token' } as const;
    expect(leftOf(await f.revokeToken.execute({ actor: Actor.user(bob), target, ip: 'ip' }))).to.deep.equal({ _tag: 'Forbidden' });
    expect(leftOf(await f.revokeToken.execute({ actor: Actor.user(admin), target, ip: 'ip' }))).to.deep.equal({ _tag: 'InvalidToken' });
  });

  it('refuses a token already revoked', async () => {
    const target = { by: 'secret', secret: adaSecret } as const;
    rightOf(await f.revokeToken.execute({ actor: Actor.user(ada), target, ip: 'ip' }));
    expect(leftOf(await f.revokeToken.execute({ actor: Actor.user(ada), target, ip: 'ip' }))).to.deep.equal({ _tag: 'InvalidToken' });
  });

  it('tells whether the caller revoked the token in its own cookie', async () => {
    const other = (await f.login('ada')).refreshToken.value;
    const revoke = (secret: string, callerSecret?: string) =>
      f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'secret', secret }, ip: 'ip', ...(callerSecret === undefined ? {} : { callerSecret }) });

    expect(rightOf(await revoke(other, adaSecret))).to.deep.equal({ revokedCallerToken: false });
    expect(rightOf(await revoke(adaSecret, adaSecret))).to.deep.equal({ revokedCallerToken: true });
  });

  it('does not claim the caller logged out when no caller secret is given', async () => {
    expect(rightOf(await f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'secret', secret: adaSecret }, ip: 'ip' }))).to.deep.equal({
      revokedCallerToken: false,
    });
  });
});
