import type { ContractFactory } from './contract-factory';
import { expect } from 'chai';
import { expectRejection } from '../support/either-assertions';
import type { EndedSessions } from '../../src/application/ports/ended-sessions';
import type { ExpiredTokenPurge } from '../../src/application/ports/expired-token-purge';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import { RefreshToken } from '../../src/domain/refresh-token';
import { FakeClock } from '../support/fake-clock';
import { aSession, endingOf, MALFORMED_IDS, newHash, newId, rotationOf, storeRotation } from './repository-fixtures';

const ids = (tokens: readonly RefreshToken[]): string[] => tokens.map((token) => token.id);

/** A token store: the use cases' port and the two housekeeping ports, served by one adapter. */
export type TokenStore = RefreshTokenRepository & EndedSessions & ExpiredTokenPurge;

/**
 * What every token store must do (src/application/ports/refresh-token-repository.ts,
 * ended-sessions.ts, expired-token-purge.ts).
 */
export const describeRefreshTokenRepositoryContract = (name: string, makeRepo: ContractFactory<TokenStore>): void => {
  describe(`RefreshTokenRepository contract: ${name}`, () => {
    let tokens: TokenStore;
    let cleanup: () => Promise<void>;
    let clock: FakeClock;
    const userId = newId();

    beforeEach(async () => {
      clock = new FakeClock();
      ({ subject: tokens, cleanup } = await makeRepo());
    });
    afterEach(async () => {
      await cleanup();
    });

    const stored = async (id: string): Promise<RefreshToken> =>
      (await tokens.findById(id)) ?? expect.fail(`token ${id} should be stored`);

    describe('lookups', () => {
      it('finds an added token by hash and by id, with every field intact', async () => {
        const withAgent = aSession(userId, clock.now(), 'Mozilla/5.0', newId());
        const withoutAgent = aSession(userId, clock.now());
        await tokens.add(withAgent);
        await tokens.add(withoutAgent);
        expect(withAgent.credentialEpoch, 'the fixture sets one').to.be.a('string');

        expect((await tokens.findByHash(withAgent.tokenHash))?.toProps()).to.deep.equal(withAgent.toProps());
        expect((await tokens.findById(withAgent.id))?.toProps()).to.deep.equal(withAgent.toProps());
        expect((await tokens.findById(withoutAgent.id))?.toProps()).to.deep.equal(withoutAgent.toProps());
      });

      it('finds a presented token and its successor in one lookup, each or neither', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());

        expect(await tokens.findPresented(token.tokenHash, successor.tokenHash, token.familyId)).to.deep.equal({ token, successor: null, sessionEnded: false });
        await storeRotation(tokens, { rotated, successor });
        const found = await tokens.findPresented(token.tokenHash, successor.tokenHash, token.familyId);
        expect(found.token?.toProps()).to.deep.equal(rotated.toProps());
        expect(found.successor?.toProps()).to.deep.equal(successor.toProps());
        expect(found.sessionEnded).to.equal(false);
        expect(await tokens.findPresented(newHash(), newHash(), token.familyId)).to.deep.equal({ token: null, successor: null, sessionEnded: false });
      });

      it('tells in the same lookup that the session ended, whether the secret named the session or not', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        const other = aSession(userId, clock.now());
        await tokens.add(other);
        await tokens.endSession(endingOf(token, clock.now()));

        for (const named of [token.familyId, null, other.familyId]) {
          const found = await tokens.findPresented(token.tokenHash, newHash(), named);
          expect(found.token?.id, String(named)).to.equal(token.id);
          expect(found.sessionEnded, `named ${String(named)}`).to.equal(true);
        }
        expect((await tokens.findPresented(other.tokenHash, newHash(), other.familyId)).sessionEnded).to.equal(false);
        expect((await tokens.findPresented(other.tokenHash, newHash(), token.familyId)).sessionEnded, "another session's ending").to.equal(false);
      });

      it('answers null for an unknown hash, an unknown id and ids it could never have made', async () => {
        await tokens.add(aSession(userId, clock.now()));

        expect(await tokens.findByHash(newHash())).to.equal(null);
        expect(await tokens.findById(newId())).to.equal(null);
        for (const id of MALFORMED_IDS) expect(await tokens.findById(id), `id ${JSON.stringify(id)}`).to.equal(null);
      });

      it('rejects a second token with a stored hash', async () => {
        const first = aSession(userId, clock.now());
        await tokens.add(first);
        const clash = RefreshToken.restore({ ...aSession(userId, clock.now()).toProps(), tokenHash: first.tokenHash });

        await expectRejection(tokens.add(clash));

        expect((await tokens.findByHash(first.tokenHash))?.id).to.equal(first.id);
      });

      it("lists only the user's tokens, oldest first", async () => {
        const times = [3, 1, 4, 2].map((minutes) => new Date(clock.now().getTime() + minutes * 60_000));
        const mine = times.map((time) => aSession(userId, time));
        for (const token of mine) await tokens.add(token);
        await tokens.add(aSession(newId(), clock.now()));

        const listed = await tokens.allOfUser(userId);

        expect(ids(listed)).to.deep.equal([mine[1], mine[3], mine[0], mine[2]].map((token) => token?.id));
        expect(await tokens.allOfUser(newId())).to.deep.equal([]);
      });

      it('lists a page at a time in the same order, with a cursor to the next page', async () => {
        const mine = [1, 2, 3, 4, 5].map((minutes) => aSession(userId, new Date(clock.now().getTime() + minutes * 60_000)));
        for (const token of mine) await tokens.add(token);

        const first = await tokens.listByUser(userId, { limit: 2 });
        const second = await tokens.listByUser(userId, { limit: 2, ...(first.next === undefined ? {} : { after: first.next }) });
        const last = await tokens.listByUser(userId, { limit: 2, ...(second.next === undefined ? {} : { after: second.next }) });

        expect([first, second, last].map((page) => ids(page.items))).to.deep.equal([
          ids(mine.slice(0, 2)),
          ids(mine.slice(2, 4)),
          ids(mine.slice(4)),
        ]);
        expect(last.next, 'no cursor after the last page').to.equal(undefined);
        expect((await tokens.listByUser(userId, { limit: 5 })).next, 'no cursor when everything fits').to.equal(undefined);
        expect(ids((await tokens.listByUser(userId, { limit: 2, after: 'not-a-cursor' })).items)).to.deep.equal(ids(mine.slice(0, 2)));
      });
    });

    describe('unrevokedOfUser', () => {
      it("answers the user's unrevoked tokens only: one per live session however often it rotated", async () => {
        let current = aSession(userId, clock.now(), 'Mozilla/5.0');
        await tokens.add(current);
        for (let i = 0; i < 5; i += 1) {
          clock.advanceSeconds(60);
          const rotation = rotationOf(current, newHash(), clock.now());
          await storeRotation(tokens, rotation);
          current = rotation.successor;
        }
        const ended = aSession(userId, clock.now());
        await tokens.add(ended);
        await tokens.endSession(endingOf(ended, clock.now()));
        const fresh = aSession(userId, clock.now());
        await tokens.add(fresh);
        await tokens.add(aSession(newId(), clock.now()));

        const unrevoked = await tokens.unrevokedOfUser(userId);

        expect(ids(unrevoked).sort()).to.deep.equal([current.id, fresh.id].sort());
        const newest = unrevoked.find((token) => token.id === current.id);
        expect(newest?.toProps()).to.deep.equal(current.toProps());
        expect(newest?.sessionStartedByIp, "the login's address, carried along").to.equal('10.0.0.1');
        expect(await tokens.unrevokedOfUser(newId())).to.deep.equal([]);
      });

      it('answers both tokens of a session whose rotation stored its successor and was cut off before marking the predecessor', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        const { successor } = rotationOf(token, newHash(), clock.now());
        await tokens.add(successor);

        expect(ids(await tokens.unrevokedOfUser(userId)).sort()).to.deep.equal([token.id, successor.id].sort());
      });

      it('leaves out an ended session, even a token of it stored after the ending (a rotation that raced it)', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        await tokens.endSession(endingOf(token, clock.now()));
        const { successor } = rotationOf(token, newHash(), clock.now());
        await tokens.add(successor);
        const live = aSession(userId, clock.now());
        await tokens.add(live);

        expect(ids(await tokens.unrevokedOfUser(userId))).to.deep.equal([live.id]);
        expect((await tokens.findPresented(successor.tokenHash, newHash(), successor.familyId)).sessionEnded).to.equal(true);
      });
    });

    describe('a rotation: rotate', () => {
      it('stores the successor and the predecessor marked rotated into it', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());

        expect(await tokens.rotate(rotated, successor)).to.equal('committed');

        expect((await tokens.findByHash(successor.tokenHash))?.toProps()).to.deep.equal(successor.toProps());
        const predecessor = (await stored(token.id)).toProps();
        expect(predecessor).to.deep.equal(rotated.toProps());
        expect(predecessor.revokedReason).to.equal('rotated');
        expect(predecessor.replacedBy).to.equal(successor.id);
      });

      it('completes a rotation cut off after storing its successor: that successor, no second one', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        const earlier = rotationOf(token, newHash(), clock.now());
        await tokens.add(earlier.successor);
        clock.advanceSeconds(30);
        const retried = rotationOf(token, earlier.successor.tokenHash, clock.now());

        expect(await tokens.rotate(retried.rotated, retried.successor)).to.equal('committed');

        expect((await tokens.findByHash(earlier.successor.tokenHash))?.toProps(), 'the first stored stays').to.deep.equal(earlier.successor.toProps());
        expect(ids(await tokens.allOfUser(userId)).sort()).to.deep.equal([token.id, earlier.successor.id].sort());
        expect((await stored(token.id)).replacedBy).to.equal(earlier.successor.id);
      });

      it('lets 20 concurrent rotations of one token into one successor hash store one successor, all committed', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const successorHash = newHash();
        const rotations = Array.from({ length: 20 }, (_, i) => rotationOf(token, successorHash, new Date(clock.now().getTime() + i)));

        const results = await Promise.all(rotations.map(({ rotated, successor }) => tokens.rotate(rotated, successor)));

        expect(results).to.deep.equal(rotations.map(() => 'committed'));
        const successorId = RefreshToken.successorIdFor(successorHash);
        expect(ids(await tokens.allOfUser(userId)).sort()).to.deep.equal([token.id, successorId].sort());
        expect((await stored(token.id)).replacedBy).to.equal(successorId);
      });

      it('commits once: the same rotation again answers committed and keeps the first', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());
        await storeRotation(tokens, { rotated, successor });
        clock.advanceSeconds(15);

        expect(await tokens.rotate(token.rotatedInto(successor, clock.now(), '10.9.9.9'), successor)).to.equal('committed');

        expect((await stored(token.id)).toProps()).to.deep.equal(rotated.toProps());
      });

      it('does not commit over a revocation that came first, leaves no live successor, and refuses a token it does not hold', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());
        await tokens.endSession(endingOf(token, clock.now(), 'revoked', '10.1.1.1'));

        expect(await tokens.rotate(rotated, successor)).to.equal('revoked');

        expect((await stored(token.id)).toProps().revokedReason).to.equal('revoked');
        expect((await tokens.findByHash(successor.tokenHash))?.isActive(clock.now()) ?? false, 'no live successor').to.equal(false);
        const stranger = rotationOf(aSession(userId, clock.now()), newHash(), clock.now());
        expect(await tokens.rotate(stranger.rotated, stranger.successor)).to.equal('revoked');
      });

      it("shows an ended session's record nowhere a token is looked for", async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        await tokens.endSession(endingOf(token, clock.now()));

        expect(ids(await tokens.allOfUser(userId))).to.deep.equal([token.id]);
        expect(ids((await tokens.listByUser(userId, { limit: 10 })).items)).to.deep.equal([token.id]);
        expect(await tokens.findById(`ended:${token.familyId}`)).to.equal(null);
        expect(await tokens.forgetRotations(token.familyId, 100)).to.equal(1);
        expect((await tokens.findPresented(newHash(), newHash(), token.familyId)).token).to.equal(null);
      });

      it('forgets the tokens of a session older than a generation, and no others', async () => {
        const first = aSession(userId, clock.now());
        await tokens.add(first);
        const chain = [first];
        for (let i = 0; i < 4; i += 1) {
          clock.advanceSeconds(60);
          const rotation = rotationOf(chain[chain.length - 1] ?? first, newHash(), clock.now());
          await storeRotation(tokens, rotation);
          chain.push(rotation.successor);
        }
        clock.advanceSeconds(60);
        const other = aSession(userId, clock.now());
        await tokens.add(other);

        expect(await tokens.forgetRotations(first.familyId, 3)).to.equal(3);

        expect(ids(await tokens.allOfUser(userId))).to.deep.equal([...ids(chain.slice(3)), other.id]);
        expect(chain.slice(3).map((token) => token.generation)).to.deep.equal([3, 4]);
      });
    });

    describe('endSession, endingOf and deleteSessions', () => {
      /** Session A: a rotated token and its active successor. Session B: one active token. */
      const twoSessions = async () => {
        const a1 = aSession(userId, clock.now());
        await tokens.add(a1);
        clock.advanceSeconds(60);
        const rotation = rotationOf(a1, newHash(), clock.now());
        await storeRotation(tokens, rotation);
        const b1 = aSession(userId, clock.now());
        await tokens.add(b1);
        clock.advanceSeconds(60);
        return { a1: rotation.rotated, a2: rotation.successor, b1 };
      };

      it('records the ending and revokes only the unrevoked tokens of that session, recording when, by whom and why', async () => {
        const { a1, a2, b1 } = await twoSessions();
        const ending = endingOf(a1, clock.now(), 'reuse-detected', '10.6.6.6');

        expect(await tokens.endSession(ending)).to.deep.equal({ ended: true, revokedTokens: 1 });

        expect(await tokens.endingOf(a1.familyId)).to.deep.equal(ending);
        const revoked = (await stored(a2.id)).toProps();
        expect(revoked.revoked).to.deep.equal(clock.now());
        expect(revoked.revokedByIp).to.equal('10.6.6.6');
        expect(revoked.revokedReason).to.equal('reuse-detected');
        expect((await stored(a1.id)).toProps(), 'an earlier revocation stays as it was').to.deep.equal(a1.toProps());
        expect((await stored(b1.id)).toProps(), 'another session is untouched').to.deep.equal(b1.toProps());
        expect(await tokens.endingOf(b1.familyId)).to.equal(null);
        expect(await tokens.endingOf(newId())).to.equal(null);
      });

      it('keeps the first ending: a later one changes no fact, yet revokes a token stored since', async () => {
        const { a2 } = await twoSessions();
        const first = endingOf(a2, clock.now(), 'revoked', '10.0.0.1');
        await tokens.endSession(first);
        const late = rotationOf(aSession(userId, clock.now()), newHash(), clock.now()).successor;
        const straggler = RefreshToken.restore({ ...late.toProps(), familyId: a2.familyId });
        await tokens.add(straggler);
        clock.advanceSeconds(5);

        expect(await tokens.endSession(endingOf(a2, clock.now(), 'reuse-detected', '10.6.6.6'))).to.deep.equal({ ended: false, revokedTokens: 1 });

        expect(await tokens.endingOf(a2.familyId)).to.deep.equal(first);
        expect((await stored(straggler.id)).isActive(clock.now())).to.equal(false);
      });

      it('lets exactly one of 20 concurrent endings of one session end it', async () => {
        const { a2 } = await twoSessions();
        const endings = Array.from({ length: 20 }, (_, i) => endingOf(a2, clock.now(), 'revoked', `10.0.0.${i + 1}`));

        const results = await Promise.all(endings.map((ending) => tokens.endSession(ending)));

        expect(results.filter((result) => result.ended).length).to.equal(1);
        const winner = endings[results.findIndex((result) => result.ended)];
        expect(await tokens.endingOf(a2.familyId)).to.deep.equal(winner);
      });

      it('deletes every token of the given sessions, and no others', async () => {
        const { a1, a2, b1 } = await twoSessions();

        expect(await tokens.deleteSessions([a1.familyId])).to.equal(2);

        expect(await tokens.findById(a2.id)).to.equal(null);
        expect(ids(await tokens.allOfUser(userId))).to.deep.equal([b1.id]);
        expect(await tokens.deleteSessions([])).to.equal(0);
      });
    });

    describe('endedSince', () => {
      it('answers each family ended early since the given moment once; rotation never counts', async () => {
        const before = aSession(userId, clock.now());
        await tokens.add(before);
        await tokens.endSession(endingOf(before, clock.now(), 'revoked'));
        clock.advanceSeconds(60);
        const since = clock.now();
        const rotatedOnly = aSession(userId, clock.now());
        await tokens.add(rotatedOnly);
        await storeRotation(tokens, rotationOf(rotatedOnly, newHash(), clock.now()));
        const stolen = aSession(userId, clock.now());
        await tokens.add(stolen);
        const stolenNext = rotationOf(stolen, newHash(), clock.now());
        await storeRotation(tokens, stolenNext);
        await tokens.endSession(endingOf(stolen, clock.now(), 'reuse-detected', '10.6.6.6'));
        clock.advanceSeconds(1);
        const loggedOut = aSession(newId(), clock.now());
        await tokens.add(loggedOut);
        await tokens.endSession(endingOf(loggedOut, clock.now(), 'revoked', '10.0.0.2'));
        const alive = aSession(userId, clock.now());
        await tokens.add(alive);

        const families = await tokens.endedSince(since);

        expect([...families].sort()).to.deep.equal([stolen.familyId, loggedOut.familyId].sort());
        expect(await tokens.endedSince(clock.now()), 'at `since` itself counts').to.deep.equal([loggedOut.familyId]);
        clock.advanceSeconds(1);
        expect(await tokens.endedSince(clock.now())).to.deep.equal([]);
      });
    });

    describe('purgeExpired', () => {
      it('deletes exactly the tokens that expired before the given moment', async () => {
        const early = aSession(userId, clock.now());
        clock.advanceSeconds(1);
        const onTheDot = aSession(userId, clock.now());
        clock.advanceSeconds(1);
        const late = aSession(userId, clock.now());
        for (const token of [early, onTheDot, late]) await tokens.add(token);

        const purged = await tokens.purgeExpired(onTheDot.expires);

        expect(purged).to.equal(1);
        expect(await tokens.findByHash(early.tokenHash)).to.equal(null);
        expect(await tokens.findById(early.id)).to.equal(null);
        expect(ids(await tokens.allOfUser(userId))).to.deep.equal([onTheDot.id, late.id]);
        expect(await tokens.purgeExpired(onTheDot.expires)).to.equal(0);
      });

      it('forgets a session ending once no token of the session can be presented any more', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        const ending = endingOf(token, clock.now());
        await tokens.endSession(ending);

        await tokens.purgeExpired(ending.keepUntil);
        expect(await tokens.endingOf(token.familyId), 'kept up to keepUntil').to.deep.equal(ending);

        await tokens.purgeExpired(new Date(ending.keepUntil.getTime() + 1));
        expect(await tokens.endingOf(token.familyId)).to.equal(null);
      });
    });
  });
};
