import { expect } from 'chai';
import { RefreshToken, type Successor } from '../../../src/domain/refresh-token';
import type { SessionPolicy } from '../../../src/domain/session-policy';
import { leftOf, rightOf } from '../../support/either-assertions';

const DAY = 24 * 60 * 60;
const policy: SessionPolicy = { tokenTtlSeconds: 7 * DAY, reuseGraceSeconds: 10, maxLifetimeSeconds: 30 * DAY, rotationHistory: 16, maxSessionsPerUser: 20 };
const login = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number): Date => new Date(login.getTime() + seconds * 1000);

const start = (sessionPolicy: SessionPolicy = policy): RefreshToken =>
  RefreshToken.startSession({ id: 'fam-1', userId: 'user-1', tokenHash: 'hash-0', now: login, ip: '10.0.0.1', userAgent: 'ua', policy: sessionPolicy });

const next = (id: string, now: Date): Successor => ({ id, tokenHash: `hash-${id}`, now, ip: '10.0.0.2' });

describe('RefreshToken', () => {
  describe('isExpired / isActive', () => {
    it('is active and not expired one second before it expires', () => {
      const token = start();
      expect(token.isExpired(at(7 * DAY - 1))).to.equal(false);
      expect(token.isActive(at(7 * DAY - 1))).to.equal(true);
    });

    it('is expired, and no longer active, at the very moment it expires', () => {
      const token = start();
      expect(token.isExpired(at(7 * DAY))).to.equal(true);
      expect(token.isActive(at(7 * DAY))).to.equal(false);
    });

    it('is not active once revoked, long before it expires', () => {
      expect(start().revoke(at(1), '10.0.0.9', 'revoked').isActive(at(2))).to.equal(false);
    });
  });

  describe('startSession', () => {
    it('starts a family of its own: familyId is its id, created and sessionStarted are now', () => {
      const props = start().toProps();
      expect(props).to.include({ id: 'fam-1', familyId: 'fam-1', userId: 'user-1', tokenHash: 'hash-0', createdByIp: '10.0.0.1', userAgent: 'ua' });
      expect(props.created).to.deep.equal(login);
      expect(props.sessionStarted).to.deep.equal(login);
      expect(props.revoked).to.equal(undefined);
    });

    it('expires one token ttl after the login', () => {
      expect(start().expires).to.deep.equal(at(7 * DAY));
    });

    it('never expires past the maximum lifetime, even with a longer ttl', () => {
      const token = start({ ...policy, tokenTtlSeconds: 40 * DAY });
      expect(token.expires).to.deep.equal(at(30 * DAY));
    });
  });

  describe('rotate', () => {
    it('makes a successor of the same family, user and session start, created now by the caller', () => {
      const { successor } = rightOf(start().rotate(next('t-1', at(DAY)), policy));
      const props = successor.toProps();
      expect(props).to.include({ id: 't-1', familyId: 'fam-1', userId: 'user-1', tokenHash: 'hash-t-1', createdByIp: '10.0.0.2' });
      expect(props.sessionStarted).to.deep.equal(login);
      expect(props.created).to.deep.equal(at(DAY));
      expect(successor.isActive(at(DAY))).to.equal(true);
    });

    it("gives the successor the epoch it is issued in, not the predecessor's", () => {
      const first = RefreshToken.startSession({ id: 'fam-1', userId: 'user-1', tokenHash: 'hash-0', now: login, ip: '10.0.0.1', credentialEpoch: 'e-0', policy });
      expect(first.credentialEpoch).to.equal('e-0');
      expect(rightOf(first.rotate({ ...next('t-1', at(DAY)), credentialEpoch: 'e-1' }, policy)).successor.credentialEpoch).to.equal('e-1');
      expect(rightOf(start().rotate(next('t-1', at(DAY)), policy)).successor.credentialEpoch).to.equal(undefined);
    });

    it('revokes the predecessor as rotated, by the rotating ip, replaced by the successor', () => {
      const { rotated } = rightOf(start().rotate(next('t-1', at(DAY)), policy));
      const props = rotated.toProps();
      expect(props).to.include({ revokedReason: 'rotated', revokedByIp: '10.0.0.2', replacedBy: 't-1' });
      expect(props.revoked).to.deep.equal(at(DAY));
      expect(rotated.isActive(at(DAY))).to.equal(false);
    });

    it('slides the expiry: the successor lives one ttl from the rotation', () => {
      const { successor } = rightOf(start().rotate(next('t-1', at(DAY)), policy));
      expect(successor.expires).to.deep.equal(at(8 * DAY));
    });

    it('leaves the original token unchanged', () => {
      const token = start();
      rightOf(token.rotate(next('t-1', at(DAY)), policy));
      expect(token.toProps().revoked).to.equal(undefined);
      expect(token.toProps().replacedBy).to.equal(undefined);
      expect(token.isActive(at(DAY))).to.equal(true);
    });

    it('refuses an expired token, from the moment it expires', () => {
      expect(leftOf(start().rotate(next('t-1', at(7 * DAY)), policy))).to.deep.equal({ _tag: 'InvalidToken' });
    });

    it('refuses a revoked token', () => {
      const revoked = start().revoke(at(1), '10.0.0.9', 'revoked');
      expect(leftOf(revoked.rotate(next('t-1', at(2)), policy))).to.deep.equal({ _tag: 'InvalidToken' });
    });

    it('refuses a token that was rotated already', () => {
      const { rotated } = rightOf(start().rotate(next('t-1', at(1)), policy));
      expect(leftOf(rotated.rotate(next('t-2', at(2)), policy))).to.deep.equal({ _tag: 'InvalidToken' });
    });
  });

  describe('the maximum lifetime across rotations', () => {
    it('rotating every 6 days slides the expiry until it is capped at day 30, when the token expires', () => {
      let token = start();
      const expiries: number[] = [];
      for (let day = 6; day <= 24; day += 6) {
        token = rightOf(token.rotate(next(`t-${day}`, at(day * DAY)), policy)).successor;
        expiries.push((token.expires.getTime() - login.getTime()) / 1000 / DAY);
      }
      // ttl 7 days: 13, 19, 25, then 31 capped at 30.
      expect(expiries).to.deep.equal([13, 19, 25, 30]);
      expect(token.isActive(at(30 * DAY - 1))).to.equal(true);
      expect(token.isExpired(at(30 * DAY))).to.equal(true);
      expect(leftOf(token.rotate(next('t-30', at(30 * DAY)), policy))).to.deep.equal({ _tag: 'InvalidToken' });
    });
  });

  describe('presentedAt', () => {
    it('is active while unrevoked and unexpired', () => {
      expect(start().presentedAt(at(1))).to.equal('active');
    });

    it('is expired from the moment it expires', () => {
      expect(start().presentedAt(at(7 * DAY))).to.equal('expired');
    });

    it('is rotated once rotated, even after it would have expired', () => {
      const { rotated } = rightOf(start().rotate(next('t-1', at(1)), policy));
      expect(rotated.presentedAt(at(2))).to.equal('rotated');
      expect(rotated.presentedAt(at(8 * DAY))).to.equal('rotated');
    });

    it('is revoked when revoked for any reason other than rotation', () => {
      expect(start().revoke(at(1), 'ip', 'revoked').presentedAt(at(2))).to.equal('revoked');
      expect(start().revoke(at(1), 'ip', 'reuse-detected').presentedAt(at(2))).to.equal('revoked');
    });
  });

  describe('answersReplay', () => {
    const rotationAt = (seconds: number) => rightOf(start().rotate(next('t-1', at(seconds)), policy));

    it('answers inside the grace window of the rotation', () => {
      const { rotated, successor } = rotationAt(100);
      expect(rotated.answersReplay(successor, at(105), policy)).to.equal(true);
      expect(rotated.answersReplay(successor, at(109), policy)).to.equal(true);
    });

    it('no longer answers once the grace window has passed', () => {
      const { rotated, successor } = rotationAt(100);
      expect(rotated.answersReplay(successor, at(110), policy)).to.equal(false);
    });

    it('does not answer once the successor is revoked, even inside the grace window', () => {
      const { rotated, successor } = rotationAt(100);
      expect(rotated.answersReplay(successor.revoke(at(101), 'ip', 'revoked'), at(102), policy)).to.equal(false);
    });

    it('does not answer once the successor is expired, even inside the grace window', () => {
      // A ttl past the cap, rotated 5 s before it: the successor expires 5 s after its creation.
      const longTtl = { ...policy, tokenTtlSeconds: 40 * DAY };
      const { rotated, successor } = rightOf(start(longTtl).rotate(next('t-1', at(30 * DAY - 5)), longTtl));
      expect(successor.expires).to.deep.equal(at(30 * DAY));
      expect(rotated.answersReplay(successor, at(30 * DAY - 1), policy)).to.equal(true);
      expect(rotated.answersReplay(successor, at(30 * DAY + 2), policy)).to.equal(false);
    });

    it('counts the window from when the rotation committed, not from when the successor was stored', () => {
      // The successor was stored at 100 but the rotation committed only at 130 (a retry after an outage).
      const { successor } = rotationAt(100);
      const committed = start().revoke(at(130), '10.0.0.2', 'rotated');
      expect(committed.answersReplay(successor, at(135), policy)).to.equal(true);
      expect(committed.answersReplay(successor, at(140), policy)).to.equal(false);
    });

    it('does not answer for a token that was not rotated', () => {
      const { successor } = rotationAt(100);
      expect(start().answersReplay(successor, at(101), policy)).to.equal(false);
      expect(start().revoke(at(100), 'ip', 'revoked').answersReplay(successor, at(101), policy)).to.equal(false);
    });

    it('counts rotations since the login in each successor', () => {
      const { successor } = rotationAt(100);
      expect(start().generation).to.equal(0);
      expect(successor.generation).to.equal(1);
      expect(rightOf(successor.rotate(next('t-2', at(200)), policy)).successor.generation).to.equal(2);
    });
  });

  describe('revoke', () => {
    it('answers a revoked copy and leaves the original untouched', () => {
      const token = start();
      const revoked = token.revoke(at(5), '10.0.0.9', 'revoked');
      expect(revoked.toProps()).to.include({ revokedByIp: '10.0.0.9', revokedReason: 'revoked', id: 'fam-1' });
      expect(revoked.toProps().revoked).to.deep.equal(at(5));
      expect(token.toProps().revoked).to.equal(undefined);
      expect(token.revokedReason).to.equal(undefined);
      expect(token.isActive(at(6))).to.equal(true);
    });
  });
});
