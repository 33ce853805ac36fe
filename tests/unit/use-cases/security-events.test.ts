import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { Role } from '../../../src/domain/role';
import { leftOf, rightOf } from '../../support/either-assertions';
import { eventsNamed } from '../../support/events-named';
import { buildUseCases, PASSWORD, type UseCases } from '../../support/use-case-fixture';

describe('Security events from the use cases', () => {
  let f: UseCases;

  beforeEach(() => {
    f = buildUseCases();
  });

  it('userCreated: by the operator, or by the admin who created the user; nothing when refused', async () => {
    const admin = await f.addUser('root', Role.Admin);
    const bob = rightOf(
      await f.createUser.execute({ actor: Actor.user(admin), firstName: 'B', lastName: 'C', username: 'bob', password: PASSWORD, role: Role.User }),
    );
    leftOf(await f.createUser.execute({ actor: Actor.user(admin), firstName: 'B', lastName: 'C', username: 'bob', password: PASSWORD, role: Role.User }));
    expect(eventsNamed(f, 'userCreated')).to.deep.equal([
      { userId: admin.id, username: 'root', role: 'Admin', by: 'operator' },
      { userId: bob.id, username: 'bob', role: 'User', by: admin.id },
    ]);
  });

  it('tokenRotated: the family, its user, the successor and the address', async () => {
    const ada = await f.addUser('ada');
    const first = (await f.login('ada')).refreshToken.value;
    const second = rightOf(await f.refreshSession.execute({ token: first, ip: '10.0.0.9' })).refreshToken.value;
    const [old, successor] = [await f.stored(first), await f.stored(second)];
    expect(eventsNamed(f, 'tokenRotated')).to.deep.equal([
      { userId: ada.id, familyId: old.familyId, tokenId: successor.id, ip: '10.0.0.9' },
    ]);
  });

  it('reuseDetected: the family, its user, the address the reuse came from and how many tokens it revoked', async () => {
    const ada = await f.addUser('ada');
    const first = (await f.login('ada')).refreshToken.value;
    rightOf(await f.refreshSession.execute({ token: first, ip: '10.0.0.9' }));
    f.clock.advanceSeconds(60);
    leftOf(await f.refreshSession.execute({ token: first, ip: '203.0.113.66' }));
    expect(eventsNamed(f, 'reuseDetected')).to.deep.equal([
      { userId: ada.id, familyId: (await f.stored(first)).familyId, ip: '203.0.113.66', revokedTokens: 1 },
    ]);
  });

  it('tokenRevoked: the token, its family and owner, who revoked it and from where', async () => {
    const ada = await f.addUser('ada');
    const admin = await f.addUser('root', Role.Admin);
    const secret = (await f.login('ada')).refreshToken.value;
    const token = await f.stored(secret);
    rightOf(await f.revokeToken.execute({ actor: Actor.user(admin), target: { by: 'id', id: token.id }, ip: '10.0.0.5' }));
    expect(eventsNamed(f, 'tokenRevoked')).to.deep.equal([
      { userId: ada.id, familyId: token.familyId, tokenId: token.id, byUserId: admin.id, ip: '10.0.0.5' },
    ]);
  });

  it('never hands a secret to the events: no password, hash, refresh secret or access token', async () => {
    const ada = await f.addUser('ada');
    const session = await f.login('ada');
    await f.authenticate.execute({ username: 'ada', password: 'a wrong guess', ip: '10.0.0.1' });
    const next = rightOf(await f.refreshSession.execute({ token: session.refreshToken.value, ip: '10.0.0.1' }));
    f.clock.advanceSeconds(60);
    await f.refreshSession.execute({ token: session.refreshToken.value, ip: '10.0.0.1' });
    await f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'secret', secret: next.refreshToken.value }, ip: '10.0.0.1' });

    const recorded = JSON.stringify(f.events.recorded);
    expect(f.events.recorded.map((recorded) => recorded.type)).to.include.members([
      'userCreated', 'loginSucceeded', 'loginFailed', 'tokenRotated', 'reuseDetected',
    ]);
    for (const secret of [
      PASSWORD,
      'a wrong guess',
      ada.passwordHash,
      session.refreshToken.value,
      next.refreshToken.value,
      session.accessToken.token,
      next.accessToken.token,
    ]) {
      expect(recorded).to.not.include(secret);
    }
  });
});
