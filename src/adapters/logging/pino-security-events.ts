import type { Logger } from '../../application/ports/logger';
import type { SecurityEvents } from '../../application/ports/security-events';

type Level = keyof Logger;

/** Longest string field written as it is: a username can be 16 KiB of request body. */
export const MAX_LOGGED_CHARS = 128;

const capped = (value: unknown): unknown => {
  if (typeof value !== 'string' || value.length <= MAX_LOGGED_CHARS) return value;
  // Never end on the first half of a surrogate pair: the line stays valid UTF-8.
  const end = /[\uD800-\uDBFF]/.test(value.charAt(MAX_LOGGED_CHARS - 1)) ? MAX_LOGGED_CHARS - 1 : MAX_LOGGED_CHARS;
  return `${value.slice(0, end)}…[truncated, ${value.length} chars]`;
};

const cappedFields = (fields: object): object =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, capped(value)]));

/**
 * Security events as their own JSON lines: `category: 'security'` and an `event` name, so a
 * log pipeline can route them to the audit trail. Failures of attackers' kind are warnings.
 */
export class PinoSecurityEvents implements SecurityEvents {
  constructor(private readonly logger: Logger) {}

  loginSucceeded(event: Parameters<SecurityEvents['loginSucceeded']>[0]): void {
    this.write('info', 'login-succeeded', event, 'login succeeded');
  }

  loginFailed(event: Parameters<SecurityEvents['loginFailed']>[0]): void {
    this.write('warn', 'login-failed', event, 'login failed');
  }

  loginThrottled(event: Parameters<SecurityEvents['loginThrottled']>[0]): void {
    this.write('warn', 'login-throttled', event, 'login throttled: too many failures');
  }

  throttleUnavailable({ error }: Parameters<SecurityEvents['throttleUnavailable']>[0]): void {
    this.write('error', 'login-throttle-unavailable', { err: error }, 'login throttle unavailable: login allowed unthrottled');
  }

  tokenRotated(event: Parameters<SecurityEvents['tokenRotated']>[0]): void {
    this.write('info', 'token-rotated', event, 'refresh token rotated');
  }

  replayAnswered(event: Parameters<SecurityEvents['replayAnswered']>[0]): void {
    this.write('info', 'token-replay-answered', event, 'rotated refresh token replayed within the grace window: same successor');
  }

  refreshRefused(event: Parameters<SecurityEvents['refreshRefused']>[0]): void {
    this.write('info', 'refresh-refused', event, 'refresh refused: invalid token');
  }

  reuseDetected(event: Parameters<SecurityEvents['reuseDetected']>[0]): void {
    this.write('warn', 'token-reuse-detected', event, 'refresh token reuse detected: session revoked');
  }

  tokenRevoked(event: Parameters<SecurityEvents['tokenRevoked']>[0]): void {
    this.write('info', 'token-revoked', event, 'refresh token revoked');
  }

  sessionEnded(event: Parameters<SecurityEvents['sessionEnded']>[0]): void {
    this.write('info', 'session-ended', event, 'session ended');
  }

  sessionsRevoked(event: Parameters<SecurityEvents['sessionsRevoked']>[0]): void {
    this.write('info', 'sessions-revoked', event, 'sessions of a user revoked');
  }

  passwordChanged(event: Parameters<SecurityEvents['passwordChanged']>[0]): void {
    this.write('info', 'password-changed', event, 'password changed');
  }

  userCreated(event: Parameters<SecurityEvents['userCreated']>[0]): void {
    this.write('info', 'user-created', event, 'user created');
  }

  signingKeyCreated(event: Parameters<SecurityEvents['signingKeyCreated']>[0]): void {
    this.write('info', 'signing-key-created', event, 'signing key created');
  }

  signingKeysRotated(event: Parameters<SecurityEvents['signingKeysRotated']>[0]): void {
    this.write('warn', 'signing-keys-rotated', event, 'signing keys rotated by the operator');
  }

  signingKeyRetired(event: Parameters<SecurityEvents['signingKeyRetired']>[0]): void {
    this.write('warn', 'signing-key-retired', event, 'signing key retired: its tokens are refused');
  }

  private write(level: Level, event: string, fields: object, message: string): void {
    try {
      this.logger[level]({ category: 'security', event, ...cappedFields(fields) }, message);
    } catch {
      // The port promises never to throw: a broken log sink must not fail a login.
    }
  }
}
