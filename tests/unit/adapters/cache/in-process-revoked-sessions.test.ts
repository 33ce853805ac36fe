import { expect } from 'chai';
import {
  InProcessRevokedSessions,
  POLL_OVERLAP_SECONDS,
} from '../../../../src/adapters/cache/in-process-revoked-sessions';
import { InMemoryRefreshTokenRepository } from '../../../../src/adapters/persistence/memory/in-memory-refresh-token-repository';
import type { EndedSessions } from '../../../../src/application/ports/ended-sessions';
import { aSession, endingOf, newHash, rotationOf, storeRotation } from '../../../contract/repository-fixtures';
import { FakeClock } from '../../../support/fake-clock';

const LAG = 30;
const TTL = 900;

/** The memory store, recording the `since` of every poll. */
class RecordingTokens implements EndedSessions {
  readonly polls: Date[] = [];
  failNext = false;

  constructor(private readonly inner: EndedSessions) {}

  async endedSince(since: Date): Promise<string[]> {
    this.polls.push(since);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store down');
    }
    return this.inner.endedSince(since);
  }
}

describe('InProcessRevokedSessions', () => {
  let clock: FakeClock;
  let store: InMemoryRefreshTokenRepository;
  let tokens: RecordingTokens;
  let cache: InProcessRevokedSessions;

  const secondsAgo = (seconds: number): Date => new Date(clock.now().getTime() - seconds * 1000);
  /** A stored session of one token, revoked now for `reason`; answers its family. */
  const revokedSession = async (reason: 'revoked' | 'reuse-detected' = 'reuse-detected'): Promise<string> => {
    const token = aSession('user-1', clock.now());
    await store.add(token);
    await store.endSession(endingOf(token, clock.now(), reason));
    return token.familyId;
  };

  beforeEach(() => {
    clock = new FakeClock();
    store = new InMemoryRefreshTokenRepository();
    tokens = new RecordingTokens(store);
    cache = new InProcessRevokedSessions(tokens, clock, { lagSeconds: LAG, accessTokenTtlSeconds: TTL });
  });

  it('sees a revocation made before its first poll at once', async () => {
    const family = await revokedSession();
    expect(await cache.isRevoked(family)).to.equal(true);
    expect(await cache.isRevoked('another-session')).to.equal(false);
  });

  it('answers from memory until the lag has passed, then sees a new revocation', async () => {
    await cache.refresh();
    const family = await revokedSession();
    clock.advanceSeconds(LAG - 1);
    expect(await cache.isRevoked(family), 'within the lag').to.equal(false);
    expect(tokens.polls).to.have.length(1);
    clock.advanceSeconds(1);
    expect(await cache.isRevoked(family), 'once the lag has passed').to.equal(true);
    expect(tokens.polls).to.have.length(2);
  });

  it('polls at most once per lag period, however many questions; concurrent ones share a poll', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.isRevoked(`session-${i}`)));
    expect(tokens.polls).to.have.length(1);
    for (let i = 0; i < 100; i += 1) await cache.isRevoked(`session-${i}`);
    expect(tokens.polls).to.have.length(1);
    clock.advanceSeconds(LAG);
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.isRevoked(`session-${i}`)));
    expect(tokens.polls).to.have.length(2);
  });

  it('never counts a rotation: the session goes on', async () => {
    const token = aSession('user-1', clock.now());
    await store.add(token);
    await storeRotation(store, rotationOf(token, newHash(), clock.now()));
    expect(await cache.isRevoked(token.familyId)).to.equal(false);
  });

  it('counts a revocation by the owner, an admin or the operator like reuse detection', async () => {
    const family = await revokedSession('revoked');
    expect(await cache.isRevoked(family)).to.equal(true);
  });

  it('looks back one access-token lifetime at first, then from the previous poll, both with the overlap', async () => {
    await cache.refresh();
    expect(tokens.polls[0]).to.deep.equal(secondsAgo(TTL + POLL_OVERLAP_SECONDS));
    const previous = clock.now();
    clock.advanceSeconds(LAG);
    await cache.isRevoked('x');
    expect(tokens.polls[1]).to.deep.equal(new Date(previous.getTime() - POLL_OVERLAP_SECONDS * 1000));
  });

  it('still sees a revocation stamped a little before its previous poll (another instance, a slower clock)', async () => {
    await cache.refresh();
    const token = aSession('user-1', clock.now());
    await store.add(token);
    await store.endSession(endingOf(token, secondsAgo(POLL_OVERLAP_SECONDS - 1), 'reuse-detected'));
    clock.advanceSeconds(LAG);
    expect(await cache.isRevoked(token.familyId)).to.equal(true);
  });

  it('forgets a session once its access tokens have all expired', async () => {
    const family = await revokedSession();
    expect(await cache.isRevoked(family)).to.equal(true);
    clock.advanceSeconds(TTL + POLL_OVERLAP_SECONDS - LAG);
    expect(await cache.isRevoked(family), 'still within an access-token lifetime').to.equal(true);
    clock.advanceSeconds(LAG);
    expect(await cache.isRevoked(family)).to.equal(false);
  });

  it('throws when the store fails, and polls again at the next question', async () => {
    tokens.failNext = true;
    const family = await revokedSession();
    let thrown: unknown;
    await cache.isRevoked(family).catch((error: unknown) => (thrown = error));
    expect(String(thrown)).to.include('store down');
    expect(await cache.isRevoked(family)).to.equal(true);
    expect(tokens.polls).to.have.length(2);
  });

  it('with a lag of 0, asks the store on every question', async () => {
    cache = new InProcessRevokedSessions(tokens, clock, { lagSeconds: 0, accessTokenTtlSeconds: TTL });
    await cache.isRevoked('a');
    const family = await revokedSession();
    expect(await cache.isRevoked(family)).to.equal(true);
    expect(tokens.polls).to.have.length(2);
  });
});
