import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { RevokeSessions } from '../../../src/application/use-cases/revoke-sessions';
import { Role } from '../../../src/domain/role';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, POLICY, type UseCases } from '../../support/use-case-fixture';

describe('RevokeSessions', () => {
  let f: UseCases;
  let revokeSessions: RevokeSessions;

  beforeEach(() => {
    f = buildUseCases();
    revokeSessions = new RevokeSessions(f.users, f.tokens, f.clock, POLICY, f.events);
  });

  it("revokes every active refresh token of the user with reason 'revoked', and answers their families", async () => {
    await f.addUser('ada');
    await f.addUser('bob');
    const first = await f.login('ada');
    const second = await f.login('ada');
    const rotated = rightOf(await f.refreshSession.execute({ token: second.refreshToken.value, ip: '10.0.0.2' }));
    const bob = await f.login('bob');
    f.clock.advanceSeconds(60);

    const result = rightOf(await revokeSessions.execute({ actor: Actor.operator, username: 'ada', ip: 'cli' }));

    expect(result.user.username).to.equal('ada');
    const audit = f.events.recorded.filter((entry) => entry.type === 'sessionsRevoked');
    expect(audit.map((entry) => entry.event)).to.deep.equal([{ userId: result.user.id, sessions: 2, by: 'operator', ip: 'cli' }]);
    const families = [first, second].map(async (session) => (await f.stored(session.refreshToken.value)).familyId);
    expect([...result.families].sort()).to.deep.equal((await Promise.all(families)).sort());
    for (const secret of [first.refreshToken.value, rotated.refreshToken.value]) {
      const props = (await f.stored(secret)).toProps();
      expect(props.revokedReason).to.equal('revoked');
      expect(props.revokedByIp).to.equal('cli');
      expect(props.revoked).to.deep.equal(f.clock.now());
    }
    expect((await f.stored(second.refreshToken.value)).revokedReason, 'a rotation stays recorded as such').to.equal('rotated');
    expect((await f.stored(bob.refreshToken.value)).isActive(f.clock.now()), "another user's session").to.equal(true);
    expect(leftOf(await f.refreshSession.execute({ token: rotated.refreshToken.value, ip: '10.0.0.2' }))).to.deep.equal({
      _tag: 'InvalidToken',
    });
  });

  it('answers no families for a user without sessions, and again once revoked', async () => {
    await f.addUser('ada');
    expect(rightOf(await revokeSessions.execute({ actor: Actor.operator, username: 'ada', ip: 'cli' })).families).to.deep.equal([]);
    await f.login('ada');
    rightOf(await revokeSessions.execute({ actor: Actor.operator, username: 'ada', ip: 'cli' }));
    expect(rightOf(await revokeSessions.execute({ actor: Actor.operator, username: 'ada', ip: 'cli' })).families).to.deep.equal([]);
  });

  it('lets an admin end anyone\'s sessions and a user their own, but not another user\'s', async () => {
    const admin = await f.addUser('root', Role.Admin);
    const ada = await f.addUser('ada');
    await f.addUser('bob');
    rightOf(await revokeSessions.execute({ actor: Actor.user(admin), username: 'bob', ip: '10.0.0.9' }));
    rightOf(await revokeSessions.execute({ actor: Actor.user(ada), username: 'ada', ip: '10.0.0.9' }));
    expect(leftOf(await revokeSessions.execute({ actor: Actor.user(ada), username: 'bob', ip: '10.0.0.9' }))).to.deep.equal({ _tag: 'Forbidden' });
    expect(leftOf(await revokeSessions.execute({ actor: Actor.user(ada), username: 'nobody', ip: '10.0.0.9' }))).to.deep.equal({
      _tag: 'Forbidden',
    });
  });

  it('answers UserNotFound for an unknown username', async () => {
    expect(leftOf(await revokeSessions.execute({ actor: Actor.operator, username: 'nobody', ip: 'cli' }))).to.deep.equal({
      _tag: 'UserNotFound',
    });
  });
});
