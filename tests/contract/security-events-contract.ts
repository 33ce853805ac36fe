import { expect } from 'chai';
import type { SecurityEvents } from '../../src/application/ports/security-events';

/** One call of every method, with plausible fields. */
export const ALL_EVENTS: ReadonlyArray<(events: SecurityEvents) => unknown> = [
  (e) => e.loginSucceeded({ userId: 'u1', familyId: 'f1', ip: '10.0.0.1' }),
  (e) => e.loginFailed({ username: 'ada', ip: '10.0.0.1', reason: 'wrong-password' }),
  (e) => e.loginThrottled({ username: 'ada', ip: '10.0.0.1', retryAfterSeconds: 30 }),
  (e) => e.throttleUnavailable({ error: new Error('connection refused') }),
  (e) => e.tokenRotated({ userId: 'u1', familyId: 'f1', tokenId: 't2', ip: '10.0.0.1' }),
  (e) => e.reuseDetected({ userId: 'u1', familyId: 'f1', ip: '10.0.0.9', revokedTokens: 2 }),
  (e) => e.tokenRevoked({ userId: 'u1', familyId: 'f1', tokenId: 't2', byUserId: 'u9', ip: '10.0.0.1' }),
  (e) => e.userCreated({ userId: 'u2', username: 'bob', role: 'User', by: 'operator' }),
];

/** The SecurityEvents port's promises, for every adapter (the recording fake of the unit tests included). */
export const describeSecurityEventsContract = (adapterName: string, makeEvents: () => SecurityEvents): void => {
  describe(`SecurityEvents contract: ${adapterName}`, () => {
    it('answers every event at once, with nothing to wait for', () => {
      const events = makeEvents();
      for (const emit of ALL_EVENTS) expect(emit(events)).to.equal(undefined);
    });

    it('never throws, whatever the event', () => {
      const events = makeEvents();
      for (const emit of ALL_EVENTS) expect(() => emit(events)).to.not.throw();
    });
  });
};
