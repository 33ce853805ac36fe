import { expect } from 'chai';
import type { RevokedSessions } from '../../../src/application/ports/revoked-sessions';
import { AuthorizeRequest } from '../../../src/application/use-cases/authorize-request';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases } from '../../support/use-case-fixture';

/** A RevokedSessions that knows exactly the sessions it is told, and counts questions. */
class KnownRevocations implements RevokedSessions {
  readonly revoked = new Set<string>();
  questions = 0;

  async isRevoked(sessionId: string): Promise<boolean> {
    this.questions += 1;
    return this.revoked.has(sessionId);
  }
}

describe('AuthorizeRequest with early revocation', () => {
  it('refuses an unexpired access token of a revoked session, and only that session', async () => {
    const f = buildUseCases();
    const revocations = new KnownRevocations();
    const authorize = new AuthorizeRequest(f.accessTokens, f.users, revocations);
    await f.addUser('ada');
    const ended = await f.login('ada');
    const alive = await f.login('ada');
    revocations.revoked.add((await f.stored(ended.refreshToken.value)).familyId);

    expect(leftOf(await authorize.execute({ accessToken: ended.accessToken.token }))).to.deep.equal({
      _tag: 'Unauthenticated',
    });
    expect(rightOf(await authorize.execute({ accessToken: alive.accessToken.token })).user.username).to.equal('ada');
  });

  it('asks about the session only for a token that verifies', async () => {
    const f = buildUseCases();
    const revocations = new KnownRevocations();
    const authorize = new AuthorizeRequest(f.accessTokens, f.users, revocations);
    leftOf(await authorize.execute({ accessToken: 'garbage' }));
    expect(revocations.questions).to.equal(0);
  });
});
