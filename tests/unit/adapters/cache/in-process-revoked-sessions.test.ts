import { expect } from 'chai';
import {
  InProcessRevokedSessions,
  POLL_OVERLAP_SECONDS,
} from '../../../../src/adapters/cache/in-process-revoked-sessions';
import { InMemoryRefreshTokenRepository } from '../../../../src/adapters/persistence/memory/in-memory-refresh-token-repository';
import type { EndedSessions } from '../../../../src/application/ports/ended-sessions';
import { aSession, endingOf, newHash, rotationOf, storeRotation } from '../../../contract/repository-fixtures';
import { FakeClock } from '../../../support/fake-clock';
import { RecordingLogger } from '../../../support/recording-logger';

const LAG = 30;
const TTL = 900;

/** The memory store, recording the `since` of every poll. */
class RecordingTokens implements EndedSessions {
  readonly polls: Date[] = [];
  failNext = false;
  /** Set: the next poll hangs until the test calls it. */
  private stalled: Promise<void> | undefined;
  release: () => void = () => {};

  stallNext(): void {
    this.stalled = new Promise((resolve) => (this.release = resolve));
  }

  constructor(private readonly inner: EndedSessions) {}

  async endedSince(since: Date): Promise<string[]> {
    this.polls.push(since);
    const stalled = this.stalled;
    this.stalled = undefined;
    if (stalled !== undefined) await stalled;
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

  /** A question that finds the cache stale, then the background poll it started. */
  const askAndSettle = async (sessionId: string): Promise<boolean> => {
    await cache.isRevoked(sessionId);
    await cache.settled();
    return cache.isRevoked(sessionId);
  };

  it('sees a revocation made before its first poll (the one start-up awaits)', async () => {
    const family = await revokedSession();
    await cache.refresh();
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
    expect(await cache.isRevoked(family), 'the question that finds it stale is answered at once, from memory').to.equal(false);
    await cache.settled();
    expect(await cache.isRevoked(family), 'once the poll it started has answered').to.equal(true);
    expect(tokens.polls).to.have.length(2);
  });

  it('polls at most once per lag period, however many questions; concurrent ones share a poll', async () => {
    await cache.refresh();
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.isRevoked(`session-${i}`)));
    expect(tokens.polls).to.have.length(1);
    for (let i = 0; i < 100; i += 1) await cache.isRevoked(`session-${i}`);
    expect(tokens.polls).to.have.length(1);
    clock.advanceSeconds(LAG);
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.isRevoked(`session-${i}`)));
    await cache.settled();
    expect(tokens.polls).to.have.length(2);
  });

  it('never counts a rotation: the session goes on', async () => {
    const token = aSession('user-1', clock.now());
    await store.add(token);
    await storeRotation(store, rotationOf(token, newHash(), clock.now()));
    await cache.refresh();
    expect(await cache.isRevoked(token.familyId)).to.equal(false);
  });

  it('counts a revocation by the owner, an admin or the operator like reuse detection', async () => {
    const family = await revokedSession('revoked');
    await cache.refresh();
    expect(await cache.isRevoked(family)).to.equal(true);
  });

  it('looks back one access-token lifetime at first, then from the previous poll, both with the overlap', async () => {
    await cache.refresh();
    expect(tokens.polls[0]).to.deep.equal(secondsAgo(TTL + POLL_OVERLAP_SECONDS));
    const previous = clock.now();
    clock.advanceSeconds(LAG);
    await askAndSettle('x');
    expect(tokens.polls[1]).to.deep.equal(new Date(previous.getTime() - POLL_OVERLAP_SECONDS * 1000));
  });

  it('still sees a revocation stamped a little before its previous poll (another instance, a slower clock)', async () => {
    await cache.refresh();
    const token = aSession('user-1', clock.now());
    await store.add(token);
    await store.endSession(endingOf(token, secondsAgo(POLL_OVERLAP_SECONDS - 1), 'reuse-detected'));
    clock.advanceSeconds(LAG);
    expect(await askAndSettle(token.familyId)).to.equal(true);
  });

  it('forgets a session once its access tokens have all expired', async () => {
    const family = await revokedSession();
    await cache.refresh();
    expect(await cache.isRevoked(family)).to.equal(true);
    clock.advanceSeconds(TTL + POLL_OVERLAP_SECONDS - LAG);
    expect(await askAndSettle(family), 'still within an access-token lifetime').to.equal(true);
    clock.advanceSeconds(LAG);
    expect(await askAndSettle(family)).to.equal(false);
  });

  it('a failed background poll is logged, the last answer served, and the next stale question polls again', async () => {
    const logger = new RecordingLogger();
    cache = new InProcessRevokedSessions(tokens, clock, { lagSeconds: LAG, accessTokenTtlSeconds: TTL }, { logger });
    await cache.refresh();
    const family = await revokedSession();
    clock.advanceSeconds(LAG);
    tokens.failNext = true;
    expect(await askAndSettle(family), 'no exception reaches the request').to.equal(false);
    expect(logger.lines.map((line) => line.level)).to.deep.equal(['error']);
    expect(await askAndSettle(family)).to.equal(true);
    expect(tokens.polls).to.have.length(3);
  });

  it('polls on its timer every half lag, without any question, until stopped', async () => {
    let tick: () => void = () => {};
    const intervals: number[] = [];
    cache = new InProcessRevokedSessions(tokens, clock, { lagSeconds: LAG, accessTokenTtlSeconds: TTL }, {
      schedule: (task, intervalMs) => {
        tick = task;
        intervals.push(intervalMs);
        return { stop: () => (tick = () => {}) };
      },
    });
    await cache.refresh();
    cache.start();
    expect(intervals).to.deep.equal([(LAG * 1000) / 2]);
    const family = await revokedSession();
    tick();
    await cache.settled();
    expect(tokens.polls).to.have.length(2);
    clock.advanceSeconds(LAG - 1);
    expect(await cache.isRevoked(family), 'seen before any question found the cache stale').to.equal(true);
    cache.stop();
    tick();
    expect(tokens.polls).to.have.length(2);
  });

  it('never keeps a question waiting on a stalled poll: answers from memory until it returns', async () => {
    await cache.refresh();
    const family = await revokedSession();
    clock.advanceSeconds(LAG);
    tokens.stallNext();
    for (let i = 0; i < 50; i += 1) expect(await cache.isRevoked(family)).to.equal(false);
    clock.advanceSeconds(LAG);
    for (let i = 0; i < 50; i += 1) expect(await cache.isRevoked(family)).to.equal(false);
    expect(tokens.polls, 'one poll under way, shared').to.have.length(2);
    tokens.release();
    await cache.settled();
    expect(await cache.isRevoked(family)).to.equal(true);
  });

  it('with a lag of 0, asks the store on every question', async () => {
    cache = new InProcessRevokedSessions(tokens, clock, { lagSeconds: 0, accessTokenTtlSeconds: TTL });
    await cache.isRevoked('a');
    const family = await revokedSession();
    expect(await cache.isRevoked(family)).to.equal(true);
    expect(tokens.polls).to.have.length(2);
  });
});
