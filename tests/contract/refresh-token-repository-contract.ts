import assert from 'node:assert/strict';
import type { RefreshTokenRepository } from '../../src/application/ports/refresh-token-repository';
import { RefreshToken } from '../../src/domain/refresh-token';
import { FakeClock } from '../support/fake-clock';
import { aSession, MALFORMED_IDS, newHash, newId, type RepositoryFactory, rotationOf } from './repository-fixtures';

const ids = (tokens: readonly RefreshToken[]): string[] => tokens.map((token) => token.id);

/** What every RefreshTokenRepository must do (src/application/ports/refresh-token-repository.ts). */
export const describeRefreshTokenRepositoryContract = (
  name: string,
  makeRepo: RepositoryFactory<RefreshTokenRepository>,
): void => {
  describe(`RefreshTokenRepository contract: ${name}`, () => {
    let tokens: RefreshTokenRepository;
    let cleanup: () => Promise<void>;
    let clock: FakeClock;
    const userId = newId();

    beforeEach(async () => {
      clock = new FakeClock();
      ({ repo: tokens, cleanup } = await makeRepo());
    });
    afterEach(async () => {
      await cleanup();
    });

    const stored = async (id: string): Promise<RefreshToken> =>
      (await tokens.findById(id)) ?? assert.fail(`token ${id} should be stored`);

    describe('lookups', () => {
      it('finds an added token by hash and by id, with every field intact', async () => {
        const withAgent = aSession(userId, clock.now(), 'Mozilla/5.0');
        const withoutAgent = aSession(userId, clock.now());
        await tokens.add(withAgent);
        await tokens.add(withoutAgent);

        assert.deepEqual((await tokens.findByHash(withAgent.tokenHash))?.toProps(), withAgent.toProps());
        assert.deepEqual((await tokens.findById(withAgent.id))?.toProps(), withAgent.toProps());
        assert.deepEqual((await tokens.findById(withoutAgent.id))?.toProps(), withoutAgent.toProps());
      });

      it('answers null for an unknown hash, an unknown id and ids it could never have made', async () => {
        await tokens.add(aSession(userId, clock.now()));

        assert.equal(await tokens.findByHash(newHash()), null);
        assert.equal(await tokens.findById(newId()), null);
        for (const id of MALFORMED_IDS) assert.equal(await tokens.findById(id), null, `id ${JSON.stringify(id)}`);
      });

      it('rejects a second token with a stored hash', async () => {
        const first = aSession(userId, clock.now());
        await tokens.add(first);
        const clash = RefreshToken.restore({ ...aSession(userId, clock.now()).toProps(), tokenHash: first.tokenHash });

        await assert.rejects(tokens.add(clash));

        assert.equal((await tokens.findByHash(first.tokenHash))?.id, first.id);
      });

      it("lists only the user's tokens, oldest first", async () => {
        const times = [3, 1, 4, 2].map((minutes) => new Date(clock.now().getTime() + minutes * 60_000));
        const mine = times.map((time) => aSession(userId, time));
        for (const token of mine) await tokens.add(token);
        await tokens.add(aSession(newId(), clock.now()));

        const listed = await tokens.listByUser(userId);

        assert.deepEqual(ids(listed), [mine[1], mine[3], mine[0], mine[2]].map((token) => token?.id));
        assert.deepEqual(await tokens.listByUser(newId()), []);
      });
    });

    describe('rotate', () => {
      it('stores the successor and the revoked predecessor', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());

        assert.equal(await tokens.rotate(rotated, successor), 'rotated');

        assert.deepEqual((await tokens.findByHash(successor.tokenHash))?.toProps(), successor.toProps());
        const predecessor = (await stored(token.id)).toProps();
        assert.deepEqual(predecessor, rotated.toProps());
        assert.equal(predecessor.revokedReason, 'rotated');
        assert.equal(predecessor.replacedBy, successor.id);
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

        assert.equal(await tokens.rotate(second.rotated, second.successor), 'already-rotated');

        assert.equal(await tokens.findById(second.successor.id), null);
        assert.deepEqual((await stored(token.id)).toProps(), first.rotated.toProps());
        assert.deepEqual(ids(await tokens.listByUser(userId)), [token.id, first.successor.id]);
      });

      it('lets exactly one of 20 concurrent claims on one predecessor win', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const successorHash = newHash();
        const claims = Array.from({ length: 20 }, () => rotationOf(token, successorHash, clock.now()));

        const results = await Promise.all(claims.map(({ rotated, successor }) => tokens.rotate(rotated, successor)));

        assert.equal(results.filter((result) => result === 'rotated').length, 1);
        assert.equal(results.filter((result) => result === 'already-rotated').length, 19);
        const winner = claims[results.indexOf('rotated')] ?? assert.fail('no winner');
        assert.deepEqual(ids(await tokens.listByUser(userId)), [token.id, winner.successor.id]);
        assert.equal((await tokens.findByHash(successorHash))?.id, winner.successor.id);
        assert.equal((await stored(token.id)).toProps().replacedBy, winner.successor.id);
      });

      it('yields to a revocation that came first: predecessor-revoked, and no active successor', async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(60);
        const { rotated, successor } = rotationOf(token, newHash(), clock.now());
        await tokens.revokeFamily(token.familyId, clock.now(), '10.1.1.1', 'revoked');

        assert.equal(await tokens.rotate(rotated, successor), 'predecessor-revoked');

        const left = await tokens.findByHash(successor.tokenHash);
        assert.equal(left === null || !left.isActive(clock.now()), true, 'a successor, if stored, is not active');
        assert.equal((await stored(token.id)).toProps().revokedReason, 'revoked');
      });
    });

    describe('saveRevocation', () => {
      it("saves a stored token's revocation fields", async () => {
        const token = aSession(userId, clock.now());
        await tokens.add(token);
        clock.advanceSeconds(30);
        const revoked = token.revoke(clock.now(), '10.9.9.9', 'revoked');

        await tokens.saveRevocation(revoked);

        const saved = (await stored(token.id)).toProps();
        assert.deepEqual(saved, revoked.toProps());
        assert.deepEqual(saved.revoked, clock.now());
        assert.equal(saved.revokedByIp, '10.9.9.9');
        assert.equal(saved.revokedReason, 'revoked');
      });

      it('stores nothing for a token it does not hold', async () => {
        const token = aSession(userId, clock.now());

        await tokens.saveRevocation(token.revoke(clock.now(), '10.9.9.9', 'revoked'));

        assert.equal(await tokens.findById(token.id), null);
        assert.deepEqual(await tokens.listByUser(userId), []);
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

        assert.equal(count, 1);
        const revoked = (await stored(a2.id)).toProps();
        assert.deepEqual(revoked.revoked, clock.now());
        assert.equal(revoked.revokedByIp, '10.6.6.6');
        assert.equal(revoked.revokedReason, 'reuse-detected');
        assert.deepEqual((await stored(a1.id)).toProps(), a1.toProps(), 'an earlier revocation stays as it was');
        assert.deepEqual((await stored(b1.id)).toProps(), b1.toProps(), 'another family is untouched');
        assert.equal(await tokens.revokeFamily(a1.familyId, clock.now(), '10.6.6.6', 'reuse-detected'), 0);
        assert.equal(await tokens.revokeFamily(newId(), clock.now(), '10.6.6.6', 'reuse-detected'), 0);
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

        assert.deepEqual([...families].sort(), [a2.familyId, b1.familyId].sort());
        for (const id of [a2.id, b1.id]) {
          const props = (await stored(id)).toProps();
          assert.deepEqual(props.revoked, clock.now());
          assert.equal(props.revokedByIp, '10.7.7.7');
          assert.equal(props.revokedReason, 'revoked');
        }
        assert.equal((await stored(a1.id)).toProps().revokedReason, 'rotated');
        assert.equal((await stored(c1.id)).toProps().revokedByIp, '10.0.0.1');
        assert.deepEqual((await stored(someoneElse.id)).toProps(), someoneElse.toProps());
        assert.deepEqual(await tokens.revokeAllOfUser(userId, clock.now(), '10.7.7.7', 'revoked'), []);
      });
    });

    describe('revokedFamiliesSince', () => {
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
        await tokens.saveRevocation(loggedOut.revoke(clock.now(), '10.0.0.2', 'revoked'));
        const alive = aSession(userId, clock.now());
        await tokens.add(alive);

        const families = await tokens.revokedFamiliesSince(since);

        assert.deepEqual([...families].sort(), [stolen.familyId, loggedOut.familyId].sort());
        assert.deepEqual(await tokens.revokedFamiliesSince(clock.now()), [loggedOut.familyId], 'at `since` itself counts');
        clock.advanceSeconds(1);
        assert.deepEqual(await tokens.revokedFamiliesSince(clock.now()), []);
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

        assert.equal(purged, 1);
        assert.equal(await tokens.findByHash(early.tokenHash), null);
        assert.equal(await tokens.findById(early.id), null);
        assert.deepEqual(ids(await tokens.listByUser(userId)), [onTheDot.id, late.id]);
        assert.equal(await tokens.purgeExpired(onTheDot.expires), 0);
      });
    });
  });
};
