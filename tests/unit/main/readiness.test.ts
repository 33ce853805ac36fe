import { expect } from 'chai';
import { cachedReadiness, READINESS_CACHE_SECONDS } from '../../../src/main/readiness';
import { FakeClock } from '../../support/fake-clock';

describe('cachedReadiness (GET /ready)', () => {
  let clock: FakeClock;
  let pings: number;
  let storeUp: boolean;
  const store = async (): Promise<boolean> => {
    pings += 1;
    return storeUp;
  };
  beforeEach(() => {
    clock = new FakeClock();
    pings = 0;
    storeUp = true;
  });

  it('asks the store at most once per period, however many probes come', async () => {
    const readiness = cachedReadiness({ store }, clock);
    const answers = await Promise.all(Array.from({ length: 50 }, () => readiness()));
    for (let i = 0; i < 50; i += 1) await readiness();
    expect(pings).to.equal(1);
    expect(answers[0]).to.deep.equal({ ready: true, checks: { store: 'up' } });

    storeUp = false;
    clock.advanceSeconds(READINESS_CACHE_SECONDS - 0.001);
    expect((await readiness()).ready).to.equal(true); // still the cached answer
    clock.advanceSeconds(0.001);
    expect(await readiness()).to.deep.equal({ ready: false, checks: { store: 'down' } });
    expect(pings).to.equal(2);
  });

  it('a store that throws is down', async () => {
    const readiness = cachedReadiness({ store: () => Promise.reject(new Error('connection reset')) }, clock);
    expect(await readiness()).to.deep.equal({ ready: false, checks: { store: 'down' } });
  });

  it('reports Redis without letting it decide: throttling fails open', async () => {
    const down = cachedReadiness({ store, redis: () => Promise.reject(new Error('ECONNREFUSED')) }, clock);
    expect(await down()).to.deep.equal({ ready: true, checks: { store: 'up', redis: 'down' } });
    const up = cachedReadiness({ store, redis: async () => true }, clock);
    expect(await up()).to.deep.equal({ ready: true, checks: { store: 'up', redis: 'up' } });
  });
});
