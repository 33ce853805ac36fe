import type { SecurityEvents } from '../../src/application/ports/security-events';

type Recorded = { [K in keyof SecurityEvents]: Readonly<{ type: K; event: Parameters<SecurityEvents[K]>[0] }> }[keyof SecurityEvents];

/** Keeps every security event, in order, for tests to inspect. */
export class RecordingSecurityEvents implements SecurityEvents {
  readonly recorded: Recorded[] = [];

  loginSucceeded: SecurityEvents['loginSucceeded'] = (event) => { this.recorded.push({ type: 'loginSucceeded', event }); };
  loginFailed: SecurityEvents['loginFailed'] = (event) => { this.recorded.push({ type: 'loginFailed', event }); };
  loginThrottled: SecurityEvents['loginThrottled'] = (event) => { this.recorded.push({ type: 'loginThrottled', event }); };
  throttleUnavailable: SecurityEvents['throttleUnavailable'] = (event) => { this.recorded.push({ type: 'throttleUnavailable', event }); };
  tokenRotated: SecurityEvents['tokenRotated'] = (event) => { this.recorded.push({ type: 'tokenRotated', event }); };
  replayAnswered: SecurityEvents['replayAnswered'] = (event) => { this.recorded.push({ type: 'replayAnswered', event }); };
  refreshRefused: SecurityEvents['refreshRefused'] = (event) => { this.recorded.push({ type: 'refreshRefused', event }); };
  reuseDetected: SecurityEvents['reuseDetected'] = (event) => { this.recorded.push({ type: 'reuseDetected', event }); };
  tokenRevoked: SecurityEvents['tokenRevoked'] = (event) => { this.recorded.push({ type: 'tokenRevoked', event }); };
  sessionEnded: SecurityEvents['sessionEnded'] = (event) => { this.recorded.push({ type: 'sessionEnded', event }); };
  sessionsRevoked: SecurityEvents['sessionsRevoked'] = (event) => { this.recorded.push({ type: 'sessionsRevoked', event }); };
  passwordChanged: SecurityEvents['passwordChanged'] = (event) => { this.recorded.push({ type: 'passwordChanged', event }); };
  userCreated: SecurityEvents['userCreated'] = (event) => { this.recorded.push({ type: 'userCreated', event }); };
  signingKeyCreated: SecurityEvents['signingKeyCreated'] = (event) => { this.recorded.push({ type: 'signingKeyCreated', event }); };
  signingKeysRotated: SecurityEvents['signingKeysRotated'] = (event) => { this.recorded.push({ type: 'signingKeysRotated', event }); };
  signingKeyRetired: SecurityEvents['signingKeyRetired'] = (event) => { this.recorded.push({ type: 'signingKeyRetired', event }); };
}
