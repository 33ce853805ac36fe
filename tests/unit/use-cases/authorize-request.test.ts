import { expect } from 'chai';
import type { Session } from '../../../src/application/session';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, JWT, type UseCases } from '../../support/use-case-fixture';

describe('AuthorizeRequest', () => {
  let f: UseCases;
  let session: Session;

  const authorize = (accessToken: string) => f.authorizeRequest.execute({ accessToken });

  beforeEach(async () => {
    f = buildUseCases();
    await f.addUser('ada');
    session = await f.login('ada');
  });

  it('answers the user and session of a valid access token', async () => {
    const principal = rightOf(await authorize(session.accessToken.token));
    expect(principal.user.username).to.equal('ada');
    expect(principal.sessionId).to.equal((await f.stored(session.refreshToken.value)).familyId);
  });

  it('refuses the token of a user deleted since', async () => {
    f.users.remove(session.user.id);
    expect(leftOf(await authorize(session.accessToken.token))).to.deep.equal({ _tag: 'Unauthenticated' });
  });

  it('refuses garbage', async () => {
    expect(leftOf(await authorize('garbage'))).to.deep.equal({ _tag: 'Unauthenticated' });
  });

  it('refuses a token once the clock passes its ttl', async () => {
    f.clock.advanceSeconds(JWT.ttlSeconds - 1);
    rightOf(await authorize(session.accessToken.token));
    f.clock.advanceSeconds(1);
    expect(leftOf(await authorize(session.accessToken.token))).to.deep.equal({ _tag: 'Unauthenticated' });
  });
});
