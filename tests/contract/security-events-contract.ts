import { expect } from 'chai';
import type { SecurityEvents } from '../../src/application/ports/security-events';
import type { ContractFactory } from './contract-factory';

type Emit = (events: SecurityEvents) => unknown;

/**
 * One call of every method, with plausible fields. Keyed by method, so the compiler refuses this
 * table when the port gains a method it does not call.
 */
const EVERY_EVENT: Readonly<{ [Method in keyof SecurityEvents]: Emit }> = {
  loginSucceeded: (e) => e.loginSucceeded({ userId: 'u1', familyId: 'f1', ip: '10.0.0.1' }),
  loginFailed: (e) => e.loginFailed({ username: 'ada', ip: '10.0.0.1', reason: 'wrong-password' }),
  loginThrottled: (e) => e.loginThrottled({ username: 'ada', ip: '10.0.0.1', retryAfterSeconds: 30 }),
  throttleUnavailable: (e) => e.throttleUnavailable({ error: new Error('connection refused') }),
  tokenRotated: (e) => e.tokenRotated({ userId: 'u1', familyId: 'f1', tokenId: 't2', ip: '10.0.0.1' }),
  replayAnswered: (e) => e.replayAnswered({ userId: 'u1', familyId: 'f1', ip: '10.0.0.1' }),
  refreshRefused: (e) => e.refreshRefused({ ip: '10.0.0.1' }),
  reuseDetected: (e) => e.reuseDetected({ userId: 'u1', familyId: 'f1', ip: '10.0.0.9', revokedTokens: 2 }),
  tokenRevoked: (e) => e.tokenRevoked({ userId: 'u1', familyId: 'f1', tokenId: 't2', byUserId: 'u9', ip: '10.0.0.1' }),
  sessionEnded: (e) => e.sessionEnded({ userId: 'u1', familyId: 'f1', by: 'u9', ip: '10.0.0.1' }),
  sessionsRevoked: (e) => e.sessionsRevoked({ userId: 'u1', sessions: 2, by: 'operator', ip: 'cli' }),
  passwordChanged: (e) => e.passwordChanged({ userId: 'u1', by: 'u9' }),
  userCreated: (e) => e.userCreated({ userId: 'u2', username: 'bob', role: 'User', by: 'operator' }),
  signingKeyCreated: (e) => e.signingKeyCreated({ kid: 'k2', generation: 2, algorithm: 'ES256', signsFrom: new Date(0), by: 'schedule' }),
  signingKeysRotated: (e) => e.signingKeysRotated({ kid: 'k2', signsFrom: new Date(0), immediately: true, by: 'operator' }),
  signingKeyRetired: (e) => e.signingKeyRetired({ kid: 'k1', by: 'operator' }),
};

const ALL_EVENTS: readonly Emit[] = Object.values(EVERY_EVENT);

/** The SecurityEvents port's promises, for every adapter (the recording fake of the unit tests included). */
export const describeSecurityEventsContract = (adapterName: string, makeEvents: ContractFactory<SecurityEvents>): void => {
  describe(`SecurityEvents contract: ${adapterName}`, () => {
    let events: SecurityEvents;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ subject: events, cleanup } = await makeEvents());
    });
    afterEach(() => cleanup());

    it('answers every event at once, with nothing to wait for', () => {
      for (const emit of ALL_EVENTS) expect(emit(events)).to.equal(undefined);
    });

    it('never throws, whatever the event', () => {
      for (const emit of ALL_EVENTS) expect(() => emit(events)).to.not.throw();
    });
  });
};
