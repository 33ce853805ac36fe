import { expect } from 'chai';
import { Actor } from '../../../src/domain/actor';
import type { User } from '../../../src/domain/user';

const actorOf = (user: User): Actor => Actor.user(user);
import { leftOf, rightOf } from '../../support/either-assertions';
import { StepControl } from '../../support/step-control';
import { buildUseCases, POLICY, type UseCases } from '../../support/use-case-fixture';

/** The most tokens a session holds between two prunes: its history, plus the rotations until the next prune. */
const MOST_PER_SESSION = POLICY.rotationHistory + Math.floor(POLICY.rotationHistory / 2) - 1;

describe('Storage per session and per user is bounded', () => {
  let f: UseCases;
  let ada: User;

  beforeEach(async () => {
    f = buildUseCases();
    ada = await f.addUser('ada');
  });

  /** A refresh, then what it left for after its answer, as between two requests. */
  const refreshed = async (token: string): Promise<string> => {
    const secret = rightOf(await f.refreshSession.execute({ token, ip: '10.0.0.2' })).refreshToken.value;
    await f.housekeeping.idle();
    return secret;
  };

  /** A login, then what it left for after its answer. */
  const loggedIn = async (): Promise<string> => {
    const secret = (await f.login('ada')).refreshToken.value;
    await f.housekeeping.idle();
    return secret;
  };

  describe('a session rotated 1,000 times', () => {
    let chain: string[];

    beforeEach(async () => {
      chain = [(await f.login('ada')).refreshToken.value];
      for (let i = 0; i < 1000; i += 1) {
        f.clock.advanceSeconds(POLICY.reuseGraceSeconds);
        chain.push(await refreshed(chain[chain.length - 1] ?? ''));
      }
    });

    it('keeps at most its history of tokens, and lists no more', async () => {
      expect(f.tokens.size).to.be.at.most(MOST_PER_SESSION).and.at.least(POLICY.rotationHistory);
      expect(await f.tokens.allOfUser(ada.id)).to.have.length(f.tokens.size);
      expect(rightOf(await f.refreshSession.execute({ token: chain[1000] ?? '', ip: 'ip' })).refreshToken.value).to.be.a('string');
    });

    it('still detects the reuse of a token inside its history', async () => {
      expect(leftOf(await f.refreshSession.execute({ token: chain[997] ?? '', ip: '10.6.6.6' }))).to.deep.equal({ _tag: 'InvalidToken' });
      expect(f.events.recorded.map((event) => event.type)).to.include('reuseDetected');
    });

    it('knows a token older than its history no more: refused, with no alarm and the session unharmed', async () => {
      expect(leftOf(await f.refreshSession.execute({ token: chain[0] ?? '', ip: '10.6.6.6' }))).to.deep.equal({ _tag: 'InvalidToken' });
      expect(f.events.recorded.map((event) => event.type)).to.not.include('reuseDetected');
      expect(await refreshed(chain[1000] ?? '')).to.be.a('string');
    });
  });

  describe('a user logging in again and again', () => {
    it('keeps the newest sessions up to the limit, ending the oldest first', async () => {
      const logins: string[] = [];
      for (let i = 0; i < POLICY.maxSessionsPerUser + 5; i += 1) {
        f.clock.advanceSeconds(1);
        logins.push(await loggedIn());
      }

      const families = new Set((await f.tokens.allOfUser(ada.id)).map((token) => token.familyId));
      expect(families.size).to.equal(POLICY.maxSessionsPerUser);
      for (const oldest of logins.slice(0, 5)) {
        expect(leftOf(await f.refreshSession.execute({ token: oldest, ip: 'ip' }))).to.deep.equal({ _tag: 'InvalidToken' });
      }
      expect(await refreshed(logins[5] ?? '')).to.be.a('string');
    });

    it('ends the access tokens of a session it ends, like a logout', async () => {
      const oldest = await f.login('ada');
      for (let i = 0; i < POLICY.maxSessionsPerUser; i += 1) {
        f.clock.advanceSeconds(1);
        await loggedIn();
      }
      expect(leftOf(await f.authorizeRequest.execute({ accessToken: oldest.accessToken.token }))).to.deep.equal({ _tag: 'Unauthenticated' });
    });

    it('holds no more tokens after 500 logins and logouts than the limit allows', async () => {
      for (let i = 0; i < 500; i += 1) {
        f.clock.advanceSeconds(1);
        const secret = await loggedIn();
        if (i % 2 === 0) rightOf(await f.revokeToken.execute({ actor: actorOf(ada), target: { by: 'secret', secret }, ip: 'ip' }));
      }
      expect(f.tokens.size).to.be.at.most(POLICY.maxSessionsPerUser);
    });
  });

  describe('the limit is kept after the answer, not on the way to it', () => {
    const sessionsOf = async (userId: string): Promise<number> => new Set((await f.tokens.allOfUser(userId)).map((token) => token.familyId)).size;

    it('logins are answered first, then kept to the limit in one pass', async () => {
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      f = buildUseCases(undefined, undefined, { housekeepingStarts: () => gate });
      ada = await f.addUser('ada');
      const reads: string[] = [];
      const allOfUser = f.tokens.allOfUser.bind(f.tokens);
      f.tokens.allOfUser = async (userId: string) => {
        reads.push(userId);
        return allOfUser(userId);
      };
      for (let i = 0; i < POLICY.maxSessionsPerUser + 10; i += 1) await f.login('ada');
      expect(reads, 'no login waited for the sessions to be read').to.deep.equal([]);
      expect(f.tokens.size, 'one token per session').to.equal(POLICY.maxSessionsPerUser + 10);
      open();
      await f.housekeeping.idle();
      expect(reads, 'one pass for the burst').to.deep.equal([ada.id]);
      expect(await sessionsOf(ada.id)).to.equal(POLICY.maxSessionsPerUser);
    });

    it('a pass that failed is logged, and the next login does its work too', async () => {
      const steps = new StepControl();
      f = buildUseCases(undefined, undefined, { wrapTokens: (store) => steps.wrap(store) });
      ada = await f.addUser('ada');
      for (let i = 0; i < POLICY.maxSessionsPerUser; i += 1) await loggedIn();
      steps.failOnceAt('allOfUser', 'before');
      await loggedIn();
      expect(f.housekeepingLog.lines.map((line) => line.message)).to.deep.equal(['housekeeping failed']);
      expect(await sessionsOf(ada.id)).to.equal(POLICY.maxSessionsPerUser + 1);
      await loggedIn();
      expect(await sessionsOf(ada.id)).to.equal(POLICY.maxSessionsPerUser);
    });
  });
});
