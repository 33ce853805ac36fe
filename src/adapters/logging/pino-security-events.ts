import type { Logger } from '../../application/ports/logger';
import type { SecurityEvents } from '../../application/ports/security-events';

type Level = keyof Logger;

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

  sessionsRevoked(event: Parameters<SecurityEvents['sessionsRevoked']>[0]): void {
    this.write('info', 'sessions-revoked', event, 'every session of a user revoked');
  }

  passwordChanged(event: Parameters<SecurityEvents['passwordChanged']>[0]): void {
    this.write('info', 'password-changed', event, 'password changed');
  }

  userCreated(event: Parameters<SecurityEvents['userCreated']>[0]): void {
    this.write('info', 'user-created', event, 'user created');
  }

  private write(level: Level, event: string, fields: object, message: string): void {
    try {
      this.logger[level]({ category: 'security', event, ...fields }, message);
    } catch {
      // The port promises never to throw: a broken log sink must not fail a login.
    }
  }
}
