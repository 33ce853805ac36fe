import { expect } from 'chai';
import { Actor } from '../../../src/domain/actor';
import { isRight } from 'fp-ts/Either';
import type { User } from '../../../src/domain/user';
import { leftOf, rightOf } from '../../support/either-assertions';
import { StepControl } from '../../support/step-control';
import { CryptoTokenGenerator } from '../../../src/adapters/security/crypto-token-generator';
import { RefreshToken } from '../../../src/domain/refresh-token';
import { buildUseCases, POLICY, SUCCESSOR_KEY, type UseCases } from '../../support/use-case-fixture';

const invalidToken = { _tag: 'InvalidToken' };

describe('A logout against a refresh of the same token: the logout wins', () => {
  let f: UseCases;
  let steps: StepControl;
  let ada: User;
  let first: string;

  const refresh = (token: string) => f.refreshSession.execute({ token, ip: '10.0.0.2' });
  const logout = (secret: string) => f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'secret', secret }, ip: '10.0.0.3' });

  beforeEach(async () => {
    steps = new StepControl();
    f = buildUseCases(undefined, undefined, { wrapTokens: (store) => steps.wrap(store) });
    ada = await f.addUser('ada');
    first = (await f.login('ada')).refreshToken.value;
  });

  // Before each step of a rotation: the logout runs to its end while the refresh waits there.
  for (const step of ['findPresented', 'rotate'] as const) {
    it(`logout while the refresh waits at ${step}: no token of the session refreshes afterwards`, async () => {
      const paused = steps.pauseAt(step);
      const refreshing = refresh(first);
      await paused.reached;

      rightOf(await logout(first));
      paused.release();
      const raced = await refreshing;

      const presented = isRight(raced) ? [first, raced.right.refreshToken.value] : [first];
      for (const token of presented) expect(leftOf(await refresh(token)), 'a token of the ended session').to.deep.equal(invalidToken);
      expect((await f.tokens.allOfUser(ada.id)).filter((token) => token.isActive(f.clock.now()))).to.deep.equal([]);
    });
  }

  it('refuses a token of the session stored after the logout, as a rotation racing it can leave one on FerretDB', async () => {
    rightOf(await logout(first));
    // Updates there are read-then-write: the logout's revocation may miss a successor stored meanwhile.
    const next = new CryptoTokenGenerator(SUCCESSOR_KEY).successorOf(first);
    const { revoked: _revoked, revokedByIp: _by, revokedReason, ...login } = (await f.stored(first)).toProps();
    expect(revokedReason).to.equal('revoked');
    const straggler = RefreshToken.restore({ ...login, id: RefreshToken.successorIdFor(next.hash), tokenHash: next.hash, generation: 1 });
    await f.tokens.add(straggler);

    expect(leftOf(await refresh(next.value))).to.deep.equal(invalidToken);
    expect(f.events.recorded.map((event) => event.type)).to.not.include('tokenRotated');
  });

  it('ends the session from a token another tab rotated inside the grace window, and clears that cookie', async () => {
    const second = rightOf(await refresh(first)).refreshToken.value;
    f.clock.advanceSeconds(5);

    expect(rightOf(await f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'secret', secret: first }, ip: 'ip', callerSecret: first })))
      .to.deep.equal({ revokedCallerToken: true });

    expect(leftOf(await refresh(first))).to.deep.equal(invalidToken);
    expect(leftOf(await refresh(second))).to.deep.equal(invalidToken);
  });

  it('refuses a rotated token once its grace window has passed, and leaves the session alone', async () => {
    const second = rightOf(await refresh(first)).refreshToken.value;
    f.clock.advanceSeconds(POLICY.reuseGraceSeconds);

    expect(leftOf(await logout(first))).to.deep.equal(invalidToken);
    expect(rightOf(await refresh(second)).refreshToken.value).to.be.a('string');
  });

  it('answers the second of two logouts of one session with InvalidToken', async () => {
    const both = await Promise.all([logout(first), logout(first)]);
    expect(both.filter(isRight)).to.have.length(1);
  });
});
