import { expect } from 'chai';
import type { User } from '../../../src/domain/user';
import { expectRejection, leftOf, rightOf } from '../../support/either-assertions';
import { StepControl } from '../../support/step-control';
import { buildUseCases, POLICY, sha256, type UseCases } from '../../support/use-case-fixture';

/** Longer than the grace window: had the failed try committed, presenting the token again would be reuse. */
const OUTAGE_SECONDS = POLICY.reuseGraceSeconds + 5;

describe('A rotation cut off by a store failure before its commit can be retried', () => {
  let f: UseCases;
  let steps: StepControl;
  let ada: User;
  let first: string;

  const refresh = (token: string) => f.refreshSession.execute({ token, ip: '10.0.0.2' });

  beforeEach(async () => {
    steps = new StepControl();
    f = buildUseCases(undefined, undefined, { wrapTokens: (store) => steps.wrap(store) });
    ada = await f.addUser('ada');
    first = (await f.login('ada')).refreshToken.value;
  });

  // After `rotate` the rotation is committed: presented again past the grace window, it is theft (last test).
  const failures = [
    ['findPresented', 'before'],
    ['findPresented', 'after'],
    ['rotate', 'before'],
  ] as const;

  for (const [step, when] of failures) {
    it(`failing ${when} ${step}: the retry gets the one successor, with no reuse alarm`, async () => {
      steps.failOnceAt(step, when);
      const failed = await expectRejection(refresh(first));
      expect(failed.name).to.equal('StoreUnavailable');

      f.clock.advanceSeconds(OUTAGE_SECONDS);
      const retried = rightOf(await refresh(first));

      const stored = await f.tokens.allOfUser(ada.id);
      expect(stored, 'the login token and exactly one successor').to.have.length(2);
      expect(stored.map((token) => token.tokenHash)).to.include(sha256(retried.refreshToken.value));
      expect(f.events.recorded.map((event) => event.type)).to.not.include('reuseDetected');
      expect(rightOf(await refresh(retried.refreshToken.value)).refreshToken.value, 'the session goes on').to.be.a('string');
    });
  }

  it('gives a tab replaying the old token its full grace window from the retried commit', async () => {
    steps.failOnceAt('rotate', 'before');
    await expectRejection(refresh(first));
    f.clock.advanceSeconds(OUTAGE_SECONDS);
    const retried = rightOf(await refresh(first)).refreshToken.value;

    f.clock.advanceSeconds(POLICY.reuseGraceSeconds - 1);
    expect(rightOf(await refresh(first)).refreshToken.value).to.equal(retried);
  });

  it('still takes a committed rotation presented again after the grace window for theft', async () => {
    rightOf(await refresh(first));
    f.clock.advanceSeconds(OUTAGE_SECONDS);

    expect(leftOf(await refresh(first))).to.deep.equal({ _tag: 'InvalidToken' });
    expect(f.events.recorded.map((event) => event.type)).to.include('reuseDetected');
  });
});
