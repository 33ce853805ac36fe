import { Actor } from '../../../src/domain/actor';
import { expect } from 'chai';
import { RefreshToken } from '../../../src/domain/refresh-token';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, DAY, sha256, type UseCases } from '../../support/use-case-fixture';
import { REFRESH_SECRET } from '../../support/refresh-secret';

const invalidToken = { _tag: 'InvalidToken' };

describe('RefreshSession', () => {
  let f: UseCases;
  let first: string;

  const refresh = (token: string, ip = '10.0.0.2') => f.refreshSession.execute({ token, ip });
  const refreshed = async (token: string): Promise<string> => rightOf(await refresh(token)).refreshToken.value;

  beforeEach(async () => {
    f = buildUseCases();
    await f.addUser('ada');
    first = (await f.login('ada')).refreshToken.value;
  });

  it('rotates: a new secret, and the old token revoked as rotated, replaced by the new one', async () => {
    f.clock.advanceDays(1);
    const session = rightOf(await refresh(first));
    const second = session.refreshToken.value;

    expect(second).to.match(REFRESH_SECRET).and.not.equal(first);
    const [old, successor] = [await f.stored(first), await f.stored(second)];
    expect(old.toProps()).to.include({ revokedReason: 'rotated', revokedByIp: '10.0.0.2', replacedBy: successor.id });
    expect(successor.isActive(f.clock.now())).to.equal(true);
    expect(successor.familyId).to.equal(old.familyId);
    expect(await f.accessTokens.verify(session.accessToken.token)).to.deep.equal({ userId: old.userId, sessionId: old.familyId });
  });

  it('refuses a session the revoked-sessions cache knows as ended though the store shows no ending marker (a logout cut off before its marker)', async () => {
    const ended = new Set<string>();
    f = buildUseCases(undefined, undefined, { revokedSessions: { isRevoked: async (sessionId) => ended.has(sessionId) } });
    await f.addUser('ada');
    const secret = (await f.login('ada')).refreshToken.value;
    ended.add((await f.stored(secret)).familyId);
    expect(leftOf(await refresh(secret))).to.deep.equal(invalidToken);
    expect((await f.stored(secret)).isActive(f.clock.now()), 'nothing written').to.equal(true);
  });

  it('refuses an unknown secret', async () => {
    expect(leftOf(await refresh('f'.repeat(80)))).to.deep.equal(invalidToken);
  });

  it('refuses a token past its ttl without revoking its family', async () => {
    f.clock.advanceDays(7);
    expect(leftOf(await refresh(first))).to.deep.equal(invalidToken);
    expect((await f.stored(first)).toProps().revoked).to.equal(undefined);
  });

  it('inside the grace window, answers the old token again with the identical secret and stores nothing', async () => {
    const second = await refreshed(first);
    f.clock.advanceSeconds(5);
    const again = rightOf(await refresh(first));

    expect(again.refreshToken.value).to.equal(second);
    expect(await f.tokens.allOfUser((await f.stored(first)).userId)).to.have.length(2);
    expect((await f.stored(second)).isActive(f.clock.now())).to.equal(true);
  });

  it('after the grace window, takes the old token for theft: InvalidToken and the whole family revoked', async () => {
    const second = await refreshed(first);
    const otherLogin = (await f.login('ada')).refreshToken.value;
    f.clock.advanceSeconds(10);

    expect(leftOf(await refresh(first, '203.0.113.9'))).to.deep.equal(invalidToken);
    expect((await f.stored(second)).toProps()).to.include({ revokedReason: 'reuse-detected', revokedByIp: '203.0.113.9' });
    expect(leftOf(await refresh(second))).to.deep.equal(invalidToken);
    // Only that family: the user's other login lives on.
    expect((await f.stored(otherLogin)).isActive(f.clock.now())).to.equal(true);
  });

  it('takes a revoked token for theft and revokes its family', async () => {
    const second = await refreshed(first);
    // A token of the family revoked for another reason than rotation, while the successor still lives.
    const old = await f.stored(first);
    const revokedSecret = 'a-token-of-this-family-revoked-by-its-owner';
    await f.tokens.add(
      RefreshToken.restore({ ...old.toProps(), id: `${old.id}-revoked`, tokenHash: sha256(revokedSecret), revokedReason: 'revoked' }),
    );

    expect(leftOf(await refresh(revokedSecret))).to.deep.equal(invalidToken);
    expect((await f.stored(second)).revokedReason).to.equal('reuse-detected');
  });

  it('inside the grace window, takes the old token for theft once its successor has been rotated too', async () => {
    const second = await refreshed(first);
    f.clock.advanceSeconds(2);
    const third = await refreshed(second);
    f.clock.advanceSeconds(2);

    expect(leftOf(await refresh(first))).to.deep.equal(invalidToken);
    expect((await f.stored(third)).revokedReason).to.equal('reuse-detected');
  });

  it('gives 20 concurrent refreshes of one token one and the same successor, stored once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(first)));

    const [secret, ...others] = results.map((result) => rightOf(result).refreshToken.value);
    expect(new Set(others)).to.deep.equal(new Set([secret]));
    expect(await f.tokens.allOfUser((await f.stored(first)).userId)).to.have.length(2);
    expect((await f.stored(secret ?? '')).isActive(f.clock.now())).to.equal(true);
  });

  it('refuses the token of a user who has been deleted, and rotates nothing', async () => {
    const { userId } = await f.stored(first);
    f.users.remove(userId);
    expect(leftOf(await refresh(first))).to.deep.equal(invalidToken);
    expect(await f.tokens.allOfUser(userId)).to.have.length(1);
    expect((await f.stored(first)).isActive(f.clock.now())).to.equal(true);
  });

  it('lets a logout racing a refresh win: no token of the session is left active', async () => {
    const owner = (await f.users.findByUsername('ada')) ?? expect.fail('no user');
    const [refreshed, revoked] = await Promise.all([
      refresh(first),
      f.revokeToken.execute({ actor: Actor.user(owner), target: { by: 'secret', secret: first }, ip: '10.0.0.3' }),
    ]);

    expect(revoked._tag).to.equal('Right');
    const family = await f.tokens.allOfUser(owner.id);
    expect(family.filter((token) => token.isActive(f.clock.now())), 'active tokens').to.have.length(0);
    // Whatever the refresh answered, its secret no longer refreshes.
    if (refreshed._tag === 'Right') {
      expect(leftOf(await refresh(refreshed.right.refreshToken.value))).to.deep.equal(invalidToken);
    }
  });

  it('keeps the 30-day cap across refreshes every 6 days', async () => {
    const login = f.clock.now().getTime();
    let secret = first;
    const expiries: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      f.clock.advanceDays(6);
      const session = rightOf(await refresh(secret));
      secret = session.refreshToken.value;
      expiries.push((session.refreshToken.expires.getTime() - login) / 1000 / DAY);
    }
    expect(expiries).to.deep.equal([13, 19, 25, 30]);

    f.clock.advanceDays(6);
    expect(leftOf(await refresh(secret))).to.deep.equal(invalidToken);
  });
});
