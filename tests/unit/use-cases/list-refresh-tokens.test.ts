import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { Role } from '../../../src/domain/role';
import type { User } from '../../../src/domain/user';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, sha256, type UseCases } from '../../support/use-case-fixture';

const PAGE = { limit: 100 } as const;

describe('ListRefreshTokens', () => {
  let f: UseCases;
  let ada: User;
  let bob: User;
  let admin: User;
  let first: string;
  let second: string;

  beforeEach(async () => {
    f = buildUseCases();
    ada = await f.addUser('ada');
    bob = await f.addUser('bob');
    admin = await f.addUser('root', Role.Admin);
    first = (await f.login('ada')).refreshToken.value;
    f.clock.advanceDays(1);
    second = rightOf(await f.refreshSession.execute({ token: first, ip: '10.0.0.2' })).refreshToken.value;
  });

  it("lists a user's tokens, oldest first, with their state computed now", async () => {
    const { items: [rotated, active] } = rightOf(await f.listRefreshTokens.execute({ actor: Actor.user(ada), userId: ada.id, page: PAGE }));
    expect(rotated).to.include({ id: (await f.stored(first)).id, revokedReason: 'rotated', isActive: false, isExpired: false });
    expect(active).to.include({ id: (await f.stored(second)).id, userId: ada.id, isActive: true, isExpired: false });
  });

  it('shows a token as expired once the clock passes its expiry', async () => {
    f.clock.advanceDays(7);
    const { items: [, active] } = rightOf(await f.listRefreshTokens.execute({ actor: Actor.user(ada), userId: ada.id, page: PAGE }));
    expect(active).to.include({ isActive: false, isExpired: true });
  });

  it('never shows a secret or its hash', async () => {
    const listed = rightOf(await f.listRefreshTokens.execute({ actor: Actor.user(ada), userId: ada.id, page: PAGE })).items;
    const text = JSON.stringify(listed);
    for (const secret of [first, second]) {
      expect(text).to.not.include(secret);
      expect(text).to.not.include(sha256(secret));
    }
    for (const token of listed) expect(token).to.not.have.property('tokenHash');
  });

  it("lists anyone's tokens to an admin", async () => {
    expect(rightOf(await f.listRefreshTokens.execute({ actor: Actor.user(admin), userId: ada.id, page: PAGE })).items).to.have.length(2);
  });

  it("forbids a user to list another's tokens", async () => {
    expect(leftOf(await f.listRefreshTokens.execute({ actor: Actor.user(bob), userId: ada.id, page: PAGE }))).to.deep.equal({ _tag: 'Forbidden' });
  });

  it('answers UserNotFound to an admin for an unknown user', async () => {
    expect(leftOf(await f.listRefreshTokens.execute({ actor: Actor.user(admin), userId: 'no-such-user', page: PAGE }))).to.deep.equal({ _tag: 'UserNotFound' });
  });
});
