import type { ContractFactory } from './contract-factory';
import { expect } from 'chai';
import { expectRejection } from '../support/either-assertions';
import type { EndedSessions } from '../../src/application/ports/ended-sessions';
import type { ExpiredTokenPurge } from '../../src/application/ports/expired-token-purge';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import { RefreshToken } from '../../src/domain/refresh-token';
import { FakeClock } from '../support/fake-clock';
import { aSession, MALFORMED_IDS, newHash, newId, rotationOf } from './repository-fixtures';

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
        const withAgent = aSession(userId, clock.now(), 'Mozilla/5.0');
        const withoutAgent = aSession(userId, clock.now());
        await tokens.add(withAgent);
        await tokens.add(withoutAgent);

        expect((await tokens.findByHash(withAgent.tokenHash))?.toProps()).to.deep.equal(withAgent.toProps());
        expect((await tokens.findById(withAgent.id))?.toProps()).to.deep.equal(withAgent.toProps());
        expect((await tokens.findById(withoutAgent.id))?.toProps()).to.deep.equal(withoutAgent.toProps());
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

        const listed = await tokens.listByUser(userId);

        expect(ids(listed)).to.deep.equal([mine[1], mine[3], mine[0], mine[2]].map((token) => token?.id));
        expect(await tokens.listByUser(newId())).to.deep.equal([]);
      });
    });

    describe('rotate', () => {
      it('stores the successor and the revoked predecessor', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());

        expect(await tokens.rotate(rotated, successor)).to.equal('rotated');

        expect((await tokens.findByHash(successor.tokenHash))?.toProps()).to.deep.equal(successor.toProps());
        const predecessor = (await stored(token.id)).toProps();
        expect(predecessor).to.deep.equal(rotated.toProps());
        expect(predecessor.revokedReason).to.equal('rotated');
        expect(predecessor.replacedBy).to.equal(successor.id);
      });

      it('answers already-rotated to a second claim for the same successor hash and changes nothing', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const successorHash = newHash();
        const first = rotationOf(token, successorHash, clock.now());
        await tokens.rotate(first.rotated, first.successor);
        clock.advanceSeconds(5);
        const second = rotationOf(token, successorHash, clock.now());

        expect(await tokens.rotate(second.rotated, second.successor)).to.equal('already-rotated');

        expect(await tokens.findById(second.successor.id)).to.equal(null);
        expect((await stored(token.id)).toProps()).to.deep.equal(first.rotated.toProps());
        expect(ids(await tokens.listByUser(userId))).to.deep.equal([token.id, first.successor.id]);
      });

      it('lets exactly one of 20 concurrent claims on one predecessor win', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const successorHash = newHash();
        const claims = Array.from({ length: 20 }, () => rotationOf(token, successorHash, clock.now()));

        const results = await Promise.all(claims.map(({ rotated, successor }) => tokens.rotate(rotated, successor)));

        expect(results.filter((result) => result === 'rotated').length).to.equal(1);
        expect(results.filter((result) => result === 'already-rotated').length).to.equal(19);
        const winner = claims[results.indexOf('rotated')] ?? expect.fail('no winner');
        expect(ids(await tokens.listByUser(userId))).to.deep.equal([token.id, winner.successor.id]);
        expect((await tokens.findByHash(successorHash))?.id).to.equal(winner.successor.id);
        expect((await stored(token.id)).toProps().replacedBy).to.equal(winner.successor.id);
      });

      it('yields to a revocation that came first: predecessor-revoked, and no active successor', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());
        await tokens.revokeFamily(token.familyId, clock.now(), '10.1.1.1', 'revoked');

        expect(await tokens.rotate(rotated, successor)).to.equal('predecessor-revoked');

        const left = await tokens.findByHash(successor.tokenHash);
        expect(left === null || !left.isActive(clock.now()), 'a successor, if stored, is not active').to.equal(true);
        expect((await stored(token.id)).toProps().revokedReason).to.equal('revoked');
      });
    });

    describe('revokeFamily and revokeAllOfUser', () => {
      /** Family A: a rotated token and its active successor. Family B: one active token. */
      const twoFamilies = async () => {
        const a1 = aSession(userId, clock.now());
        await tokens.add(a1);
        clock.advanceSeconds(60);
        const { rotated, successor: a2 } = rotationOf(a1, newHash(), clock.now());
        await tokens.rotate(rotated, a2);
        const b1 = aSession(userId, clock.now());
        await tokens.add(b1);
        clock.advanceSeconds(60);
        return { a1: rotated, a2, b1 };
      };

      it('revokes only the unrevoked tokens of that family, recording when, by whom and why', async () => {
        const { a1, a2, b1 } = await twoFamilies();

        const count = await tokens.revokeFamily(a1.familyId, clock.now(), '10.6.6.6', 'reuse-detected');

        expect(count).to.equal(1);
        const revoked = (await stored(a2.id)).toProps();
        expect(revoked.revoked).to.deep.equal(clock.now());
        expect(revoked.revokedByIp).to.equal('10.6.6.6');
        expect(revoked.revokedReason).to.equal('reuse-detected');
        expect((await stored(a1.id)).toProps(), 'an earlier revocation stays as it was').to.deep.equal(a1.toProps());
        expect((await stored(b1.id)).toProps(), 'another family is untouched').to.deep.equal(b1.toProps());
        expect(await tokens.revokeFamily(a1.familyId, clock.now(), '10.6.6.6', 'reuse-detected')).to.equal(0);
        expect(await tokens.revokeFamily(newId(), clock.now(), '10.6.6.6', 'reuse-detected')).to.equal(0);
      });

      it('revokes every unrevoked token of the user and answers the families it touched', async () => {
        const { a1, a2, b1 } = await twoFamilies();
        const c1 = aSession(userId, clock.now());
        await tokens.add(c1);
        await tokens.revokeFamily(c1.familyId, clock.now(), '10.0.0.1', 'revoked');
        const someoneElse = aSession(newId(), clock.now());
        await tokens.add(someoneElse);
        clock.advanceSeconds(60);

        const families = await tokens.revokeAllOfUser(userId, clock.now(), '10.7.7.7', 'revoked');

        expect([...families].sort()).to.deep.equal([a2.familyId, b1.familyId].sort());
        for (const id of [a2.id, b1.id]) {
          const props = (await stored(id)).toProps();
          expect(props.revoked).to.deep.equal(clock.now());
          expect(props.revokedByIp).to.equal('10.7.7.7');
          expect(props.revokedReason).to.equal('revoked');
        }
        expect((await stored(a1.id)).toProps().revokedReason).to.equal('rotated');
        expect((await stored(c1.id)).toProps().revokedByIp).to.equal('10.0.0.1');
        expect((await stored(someoneElse.id)).toProps()).to.deep.equal(someoneElse.toProps());
        expect(await tokens.revokeAllOfUser(userId, clock.now(), '10.7.7.7', 'revoked')).to.deep.equal([]);
      });
    });

    describe('endedSince', () => {
      it('answers each family ended early since the given moment once; rotation never counts', async () => {
        const before = aSession(userId, clock.now());
        await tokens.add(before);
        await tokens.revokeFamily(before.familyId, clock.now(), '10.0.0.1', 'revoked');
        clock.advanceSeconds(60);
        const since = clock.now();
        const rotatedOnly = aSession(userId, clock.now());
        await tokens.add(rotatedOnly);
        const { rotated, successor } = rotationOf(rotatedOnly, newHash(), clock.now());
        await tokens.rotate(rotated, successor);
        const stolen = aSession(userId, clock.now());
        await tokens.add(stolen);
        const stolenNext = rotationOf(stolen, newHash(), clock.now());
        await tokens.rotate(stolenNext.rotated, stolenNext.successor);
        await tokens.revokeFamily(stolen.familyId, clock.now(), '10.6.6.6', 'reuse-detected');
        clock.advanceSeconds(1);
        const loggedOut = aSession(newId(), clock.now());
        await tokens.add(loggedOut);
        await tokens.revokeFamily(loggedOut.familyId, clock.now(), '10.0.0.2', 'revoked');
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
        expect(ids(await tokens.listByUser(userId))).to.deep.equal([onTheDot.id, late.id]);
        expect(await tokens.purgeExpired(onTheDot.expires)).to.equal(0);
      });
    });
  });
};
