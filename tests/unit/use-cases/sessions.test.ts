import { expect } from 'chai';
import type { RefreshTokenRepository } from '../../../src/application/ports/refresh-token-repository';
import type { Session } from '../../../src/application/session';
import { ListSessions } from '../../../src/application/use-cases/list-sessions';
import { Actor } from '../../../src/domain/actor';
import { RefreshToken } from '../../../src/domain/refresh-token';
import { Role } from '../../../src/domain/role';
import type { User } from '../../../src/domain/user';
import { leftOf, rightOf } from '../../support/either-assertions';
import { eventsNamed } from '../../support/events-named';
import { buildUseCases, POLICY, type UseCases } from '../../support/use-case-fixture';
import { randomPartOf } from '../../support/refresh-secret';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** The token store seen through a proxy that counts the calls made and the tokens they answered. */
const readCounting = (store: RefreshTokenRepository) => {
  const reads = { calls: [] as string[], tokens: 0 };
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        reads.calls.push(String(key));
        const answer: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        reads.tokens += Array.isArray(answer) ? answer.length : answer instanceof RefreshToken ? 1 : 0;
        return answer;
      };
    },
  });
  return { proxy, reads };
};

describe('Sessions: listing, ending one, ending the others', () => {
  let f: UseCases;
  let ada: User;

  /** The session id (`sid`) of a login's access token, read even once the token has expired. */
  const sidOf = (session: Session): string => {
    const payload = session.accessToken.token.split('.')[1] ?? '';
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sid: string }).sid;
  };
  const list = async (callerSessionId: string, actor: Actor = Actor.user(ada)) =>
    rightOf(await f.listSessions.execute({ actor, userId: ada.id, callerSessionId }));
  const refresh = async (session: Session, ip = '10.0.0.7'): Promise<Session> =>
    rightOf(await f.refreshSession.execute({ token: session.refreshToken.value, ip, userAgent: FIREFOX }));

  beforeEach(async () => {
    f = buildUseCases();
    ada = await f.addUser('ada');
  });

  describe('ListSessions', () => {
    it('lists two logins from two user agents as two sessions, most recently used first, exactly one current', async () => {
      const laptop = await f.login('ada', '10.0.0.1', FIREFOX);
      f.clock.advanceSeconds(60);
      const phone = await f.login('ada', '10.0.0.2', IPHONE);
      f.clock.advanceSeconds(60);
      const rotated = await refresh(laptop, '10.0.0.3');

      const sessions = await list(sidOf(phone));

      const loginAt = new Date('2026-01-01T00:00:00Z');
      expect(sessions).to.deep.equal([
        {
          id: sidOf(laptop),
          userId: ada.id,
          created: { at: loginAt, ip: '10.0.0.1' },
          lastUsed: { at: f.clock.now(), ip: '10.0.0.3' },
          expires: (await f.stored(rotated.refreshToken.value)).expires,
          userAgent: FIREFOX,
          current: false,
        },
        {
          id: sidOf(phone),
          userId: ada.id,
          created: { at: new Date(loginAt.getTime() + 60_000), ip: '10.0.0.2' },
          lastUsed: { at: new Date(loginAt.getTime() + 60_000), ip: '10.0.0.2' },
          expires: phone.refreshToken.expires,
          userAgent: IPHONE,
          current: true,
        },
      ]);
      expect(JSON.stringify(sessions), 'nothing usable as a credential').to.not.include(randomPartOf(laptop.refreshToken.value).slice(0, 16));
    });

    it('leaves out ended and expired sessions', async () => {
      const ended = await f.login('ada');
      const expired = await f.login('ada');
      rightOf(await f.revokeToken.execute({ actor: Actor.user(ada), target: { by: 'secret', secret: ended.refreshToken.value }, ip: '10.0.0.1' }));
      f.clock.advanceSeconds(POLICY.tokenTtlSeconds - 1);
      const kept = await refresh(await f.login('ada'));
      f.clock.advanceSeconds(1);

      expect((await list(sidOf(kept))).map((session) => session.id)).to.deep.equal([sidOf(kept)]);
      expect(sidOf(expired)).to.not.equal(sidOf(kept));
    });

    it('lists a session that rotated 1,000 times once, reading no more than after one rotation', async () => {
      const costOfListing = async (rotations: number) => {
        f = buildUseCases();
        ada = await f.addUser('ada');
        let session = await f.login('ada', '10.0.0.1', FIREFOX);
        for (let i = 0; i < rotations; i += 1) {
          f.clock.advanceSeconds(1);
          session = await refresh(session);
          await f.housekeeping.idle(); // as between two requests: the forgotten rotations are gone
        }
        const { proxy, reads } = readCounting(f.tokens);
        const sessions = rightOf(await new ListSessions(f.users, proxy, f.clock).execute({ actor: Actor.user(ada), userId: ada.id, callerSessionId: sidOf(session) }));
        return { sessions, reads, stored: f.tokens.size };
      };

      const once = await costOfListing(1);
      const often = await costOfListing(1000);

      expect(often.sessions).to.have.length(1);
      expect(often.sessions[0]?.created.ip, "the login's address survives the forgotten rotations").to.equal('10.0.0.1');
      expect(often.reads).to.deep.equal(once.reads);
      expect(often.reads).to.deep.equal({ calls: ['unrevokedOfUser'], tokens: 1 });
      expect(often.stored, 'the store itself keeps the bounded history').to.be.at.most(POLICY.rotationHistory);
    });

    it('is for the user themself or an admin', async () => {
      const bob = await f.addUser('bob');
      const admin = await f.addUser('root', Role.Admin);
      const session = await f.login('ada');
      expect(leftOf(await f.listSessions.execute({ actor: Actor.user(bob), userId: ada.id, callerSessionId: 'x' }))).to.deep.equal({ _tag: 'Forbidden' });
      expect((await list('x', Actor.user(admin))).map((listed) => [listed.id, listed.current])).to.deep.equal([[sidOf(session), false]]);
      expect(leftOf(await f.listSessions.execute({ actor: Actor.user(admin), userId: 'nobody', callerSessionId: 'x' }))).to.deep.equal({ _tag: 'UserNotFound' });
    });
  });

  describe('EndSession', () => {
    it('ends one session: its refresh fails at once, its access token is refused, the others go on', async () => {
      const laptop = await f.login('ada');
      const phone = await f.login('ada');

      rightOf(await f.endSession.execute({ actor: Actor.user(ada), userId: ada.id, sessionId: sidOf(phone), ip: '10.0.0.5' }));

      expect(leftOf(await f.refreshSession.execute({ token: phone.refreshToken.value, ip: '10.0.0.2' }))._tag).to.equal('InvalidToken');
      expect((await f.stored(phone.refreshToken.value)).toProps()).to.include({ revokedReason: 'revoked', revokedByIp: '10.0.0.5' });
      expect(leftOf(await f.authorizeRequest.execute({ accessToken: phone.accessToken.token }))._tag).to.equal('Unauthenticated');
      rightOf(await f.authorizeRequest.execute({ accessToken: laptop.accessToken.token }));
      rightOf(await f.refreshSession.execute({ token: laptop.refreshToken.value, ip: '10.0.0.1' }));
      expect(eventsNamed(f, 'sessionEnded')).to.deep.equal([{ userId: ada.id, familyId: sidOf(phone), by: ada.id, ip: '10.0.0.5' }]);
    });

    it("answers SessionNotFound for an unknown id, an ended session and another user's session", async () => {
      const bob = await f.addUser('bob');
      const bobs = await f.login('bob');
      const ended = await f.login('ada');
      rightOf(await f.endSession.execute({ actor: Actor.user(ada), userId: ada.id, sessionId: sidOf(ended), ip: '10.0.0.5' }));
      for (const sessionId of ['no-such-session', sidOf(ended), sidOf(bobs)]) {
        expect(leftOf(await f.endSession.execute({ actor: Actor.user(ada), userId: ada.id, sessionId, ip: '10.0.0.5' }))).to.deep.equal({ _tag: 'SessionNotFound' });
      }
      rightOf(await f.refreshSession.execute({ token: bobs.refreshToken.value, ip: '10.0.0.1' }));
      expect(leftOf(await f.endSession.execute({ actor: Actor.user(ada), userId: bob.id, sessionId: sidOf(bobs), ip: '10.0.0.5' }))).to.deep.equal({ _tag: 'Forbidden' });
    });

    it("lets an admin end another user's session", async () => {
      const admin = await f.addUser('root', Role.Admin);
      const session = await f.login('ada');
      rightOf(await f.endSession.execute({ actor: Actor.user(admin), userId: ada.id, sessionId: sidOf(session), ip: '10.0.0.9' }));
      expect(await list(sidOf(session))).to.deep.equal([]);
      expect(eventsNamed(f, 'sessionEnded')[0]?.by).to.equal(admin.id);
    });
  });

  describe('RevokeOtherSessions', () => {
    it("ends every session of the user but the caller's", async () => {
      const mine = await f.login('ada');
      const others = [await f.login('ada'), await refresh(await f.login('ada'))];
      const bobs = await f.login((await f.addUser('bob')).username);

      const result = rightOf(await f.revokeOtherSessions.execute({ actor: Actor.user(ada), userId: ada.id, callerSessionId: sidOf(mine), ip: '10.0.0.5' }));

      expect(result).to.deep.equal({ revokedSessions: 2 });
      expect((await list(sidOf(mine))).map((session) => [session.id, session.current])).to.deep.equal([[sidOf(mine), true]]);
      for (const other of others) expect(leftOf(await f.refreshSession.execute({ token: other.refreshToken.value, ip: '10.0.0.2' }))._tag).to.equal('InvalidToken');
      rightOf(await f.refreshSession.execute({ token: bobs.refreshToken.value, ip: '10.0.0.1' }));
      expect(eventsNamed(f, 'sessionsRevoked')).to.deep.equal([{ userId: ada.id, sessions: 2, by: ada.id, ip: '10.0.0.5' }]);
    });

    it("ends all of them when an admin asks (the admin's own session is not the user's)", async () => {
      const admin = await f.addUser('root', Role.Admin);
      const adminSession = await f.login('root');
      await f.login('ada');
      await f.login('ada');
      const result = rightOf(await f.revokeOtherSessions.execute({ actor: Actor.user(admin), userId: ada.id, callerSessionId: sidOf(adminSession), ip: '10.0.0.9' }));
      expect(result).to.deep.equal({ revokedSessions: 2 });
      rightOf(await f.authorizeRequest.execute({ accessToken: adminSession.accessToken.token }));
    });
  });
});
