import { expect } from 'chai';
import { Actor } from '../../../src/domain/actor';
import { Role } from '../../../src/domain/role';
import type { User } from '../../../src/domain/user';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, DAY, JWT, PASSWORD, sha256, type UseCases } from '../../support/use-case-fixture';
import { REFRESH_SECRET } from '../../support/refresh-secret';

describe('Authenticate', () => {
  let f: UseCases;
  let ada: User;

  beforeEach(async () => {
    f = buildUseCases();
    ada = await f.addUser('ada');
  });

  it('starts a session: an access token for the user and a refresh secret naming the session, stored as its SHA-256', async () => {
    const session = rightOf(await f.authenticate.execute({ username: 'ada', password: PASSWORD, ip: '10.0.0.1', userAgent: 'ua' }));

    expect(session.user.username).to.equal('ada');
    expect(session.refreshToken.value).to.match(REFRESH_SECRET);
    const stored = await f.stored(session.refreshToken.value);
    expect(stored.tokenHash).to.equal(sha256(session.refreshToken.value));
    expect(stored.toProps()).to.include({ userId: session.user.id, familyId: stored.id, createdByIp: '10.0.0.1', userAgent: 'ua' });
    expect(session.refreshToken.expires).to.deep.equal(new Date(f.clock.now().getTime() + 7 * DAY * 1000));
    expect(await f.accessTokens.verify(session.accessToken.token)).to.deep.equal({ userId: session.user.id, sessionId: stored.familyId });
    expect(session.accessToken.expires).to.deep.equal(new Date(f.clock.now().getTime() + JWT.ttlSeconds * 1000));
  });

  it('never stores the refresh secret itself', async () => {
    const session = await f.login('ada');
    const stored = await f.stored(session.refreshToken.value);
    for (const value of Object.values(stored.toProps())) {
      expect(String(value)).to.not.include(session.refreshToken.value);
    }
  });

  it('starts a new family on every login', async () => {
    const first = await f.stored((await f.login('ada')).refreshToken.value);
    const second = await f.stored((await f.login('ada')).refreshToken.value);
    expect(second.familyId).to.not.equal(first.familyId);
  });

  it('refuses a wrong password, storing nothing', async () => {
    const result = await f.authenticate.execute({ username: 'ada', password: 'wrong password', ip: '10.0.0.1' });
    expect(leftOf(result)).to.deep.equal({ _tag: 'InvalidCredentials' });
    expect(await f.tokens.allOfUser(ada.id)).to.have.length(0);
  });

  it('refuses an unknown user with the same answer, after the same password check', async () => {
    const result = await f.authenticate.execute({ username: 'nobody', password: PASSWORD, ip: '10.0.0.1' });
    expect(leftOf(result)).to.deep.equal({ _tag: 'InvalidCredentials' });
    expect(f.hasher.verifyCalls).to.deep.equal([{ password: PASSWORD, hash: null }]);
  });

  it('refuses a password longer than bcrypt reads even when its first 72 bytes match, with the answer of a wrong one', async () => {
    const long = rightOf(await f.createUser.execute({
      actor: Actor.operator, firstName: 'L', lastName: 'P', username: 'longpass', password: 'x'.repeat(72), role: Role.User,
    }));

    const result = await f.authenticate.execute({ username: 'longpass', password: `${'x'.repeat(72)}tail`, ip: '10.0.0.1' });

    expect(leftOf(result)).to.deep.equal({ _tag: 'InvalidCredentials' });
    expect(await f.tokens.allOfUser(long.id)).to.have.length(0);
    expect(f.events.recorded.at(-1)).to.deep.include({ type: 'loginFailed' });
    rightOf(await f.authenticate.execute({ username: 'longpass', password: 'x'.repeat(72), ip: '10.0.0.1' }));
  });
});
