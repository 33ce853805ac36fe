import { expect } from 'chai';
import { leftOf, rightOf } from '../../support/either-assertions';
import { buildUseCases, DAY, type UseCases } from '../../support/use-case-fixture';

/** Every refresh ends in exactly one event, so the refresh metrics count each presentation once. */
describe('RefreshSession: one security event per outcome', () => {
  let f: UseCases;
  beforeEach(() => {
    f = buildUseCases();
  });

  const refreshEvents = () =>
    f.events.recorded
      .filter((r) => ['tokenRotated', 'replayAnswered', 'refreshRefused', 'reuseDetected'].includes(r.type))
      .map((r) => r.type);

  it('rotated, then a replay inside the grace window answered, then reuse detected after it', async () => {
    const ada = await f.addUser('ada');
    const first = (await f.login('ada')).refreshToken.value;
    rightOf(await f.refreshSession.execute({ token: first, ip: '10.0.0.1' }));
    rightOf(await f.refreshSession.execute({ token: first, ip: '10.0.0.2' }));
    f.clock.advanceSeconds(60);
    leftOf(await f.refreshSession.execute({ token: first, ip: '10.0.0.3' }));
    expect(refreshEvents()).to.deep.equal(['tokenRotated', 'replayAnswered', 'reuseDetected']);
    const replay = f.events.recorded.find((r) => r.type === 'replayAnswered');
    expect(replay?.event).to.deep.equal({ userId: ada.id, familyId: (await f.stored(first)).familyId, ip: '10.0.0.2' });
  });

  it('refused: an unknown token and an expired one, with the address only', async () => {
    await f.addUser('ada');
    const secret = (await f.login('ada')).refreshToken.value;
    leftOf(await f.refreshSession.execute({ token: 'no-such-token', ip: '10.0.0.7' }));
    f.clock.advanceSeconds(8 * DAY);
    leftOf(await f.refreshSession.execute({ token: secret, ip: '10.0.0.8' }));
    expect(refreshEvents()).to.deep.equal(['refreshRefused', 'refreshRefused']);
    expect(f.events.recorded.filter((r) => r.type === 'refreshRefused').map((r) => r.event)).to.deep.equal([{ ip: '10.0.0.7' }, { ip: '10.0.0.8' }]);
  });
});
